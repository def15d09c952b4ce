package dev.eventline.schemas.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eventline.ledger.account.Deposit;
import dev.eventline.ledger.account.Freeze;
import dev.eventline.ledger.account.OpenAccount;
import dev.eventline.ledger.transfer.RequestTransfer;
import dev.eventline.schemas.envelope.ClientRateLimit;
import dev.eventline.schemas.envelope.CommandResult;
import dev.eventline.schemas.envelope.CommandStatus;
import dev.eventline.schemas.json.FieldProblem.Code;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class JsonToAvroTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonToAvro converter = new JsonToAvro();

    @Test
    void shouldBuildTheGeneratedClassFromPlainJson() {
        RequestTransfer transfer = converter.convert(json("{\"from\":\"acc-1\",\"to\":\"acc-2\",\"amount\":250}"), RequestTransfer.getClassSchema());

        assertThat(transfer).isEqualTo(new RequestTransfer("acc-1", "acc-2", 250L, null));
    }

    @Test
    void shouldFillOptionalFieldsWithTheirDefaults() {
        Freeze freeze = converter.convert(json("{}"), Freeze.getClassSchema());
        Freeze withReason = converter.convert(json("{\"reason\":\"audit\"}"), Freeze.getClassSchema());

        assertThat(freeze.getReason()).isNull();
        assertThat(withReason.getReason()).isEqualTo("audit");
    }

    @Test
    void shouldNameAMissingField() {
        assertThat(problems("{}", Deposit.getClassSchema()))
                .containsExactly(new FieldProblem("/amount", Code.MISSING, "is required"));
        assertThat(problems("{\"amount\":null}", Deposit.getClassSchema())).extracting(FieldProblem::code).containsExactly(Code.MISSING);
    }

    @Test
    void shouldNameAWrongType() {
        assertThat(problems("{\"amount\":\"100\"}", Deposit.getClassSchema()))
                .containsExactly(new FieldProblem("/amount", Code.WRONG_TYPE, "must be a whole number, got string \"100\""));
        assertThat(problems("{\"amount\":12.5}", Deposit.getClassSchema()))
                .containsExactly(new FieldProblem("/amount", Code.WRONG_TYPE, "must be a whole number, got 12.5"));
        assertThat(problems("[1]", Deposit.getClassSchema())).extracting(FieldProblem::pointer, FieldProblem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("/", Code.WRONG_TYPE));
    }

    @Test
    void shouldAcceptAWholeNumberWrittenWithADecimalPoint() {
        Deposit deposit = converter.convert(json("{\"amount\":100.0}"), Deposit.getClassSchema());

        assertThat(deposit.getAmount()).isEqualTo(100L);
    }

    @Test
    void shouldNameAnUnknownField() {
        assertThat(problems("{\"amount\":5,\"currency\":\"EUR\"}", Deposit.getClassSchema()))
                .containsExactly(new FieldProblem("/currency", Code.UNKNOWN_FIELD, "is not a field of Deposit (fields: amount)"));
    }

    @Test
    void shouldNameValuesOutOfRange() {
        assertThat(problems("{\"amount\":0}", Deposit.getClassSchema()))
                .containsExactly(new FieldProblem("/amount", Code.OUT_OF_RANGE, "must be at least 1, got 0"));
        assertThat(problems("{\"amount\":-20}", Deposit.getClassSchema())).extracting(FieldProblem::code).containsExactly(Code.OUT_OF_RANGE);
        assertThat(problems("{\"amount\":9223372036854775808}", Deposit.getClassSchema()))
                .containsExactly(new FieldProblem("/amount", Code.OUT_OF_RANGE, "must fit in a 64-bit integer"));
    }

    @Test
    void shouldRefuseNumbersPastEveryBoundWithoutExpandingThem() {
        for (String huge : new String[] {"1e400", "-1e400", "1e100000000", "9.999e30"}) {
            assertThat(problems("{\"amount\":" + huge + "}", Deposit.getClassSchema())).as(huge)
                    .containsExactly(new FieldProblem("/amount", Code.OUT_OF_RANGE, "must fit in a 64-bit integer"));
        }
    }

    @Test
    void shouldCheckStringRules() {
        assertThat(problems("{\"currency\":\"euro\"}", OpenAccount.getClassSchema()))
                .containsExactly(new FieldProblem("/currency", Code.INVALID_VALUE, "must match ^[A-Z]{3}$"));
        assertThat(problems("{\"from\":\"\",\"to\":\"acc-2\",\"amount\":1}", RequestTransfer.getClassSchema()))
                .containsExactly(new FieldProblem("/from", Code.INVALID_VALUE, "must have at least 1 characters"));
    }

    @Test
    void shouldReportEveryProblemAtOnce() {
        List<FieldProblem> problems = problems("{\"from\":7,\"amount\":0,\"note\":\"x\"}", RequestTransfer.getClassSchema());

        assertThat(problems).extracting(FieldProblem::pointer, FieldProblem::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("/from", Code.WRONG_TYPE),
                org.assertj.core.groups.Tuple.tuple("/to", Code.MISSING),
                org.assertj.core.groups.Tuple.tuple("/amount", Code.OUT_OF_RANGE),
                org.assertj.core.groups.Tuple.tuple("/note", Code.UNKNOWN_FIELD));
    }

    @Test
    void shouldConvertTimestampsEnumsAndArrays() {
        CommandResult result = converter.convert(json("""
                {"commandId":"c","aggregateType":"account","aggregateId":"a","commandType":"Deposit","clientId":"x",
                 "correlationId":"r","idempotencyKey":"k","status":"ACCEPTED","eventIds":["e1","e2"],
                 "decidedAt":"2026-03-31T23:59:59.123Z"}"""), CommandResult.getClassSchema());

        assertThat(result.getStatus()).isEqualTo(CommandStatus.ACCEPTED);
        assertThat(result.getEventIds()).containsExactly("e1", "e2");
        assertThat(result.getDecidedAt()).isEqualTo(Instant.parse("2026-03-31T23:59:59.123Z"));
        assertThat(problems("{\"commandId\":\"c\",\"aggregateType\":\"a\",\"aggregateId\":\"a\",\"commandType\":\"D\",\"clientId\":\"x\","
                + "\"correlationId\":\"r\",\"idempotencyKey\":\"k\",\"status\":\"MAYBE\",\"eventIds\":[1],\"decidedAt\":\"yesterday\"}",
                CommandResult.getClassSchema())).extracting(FieldProblem::pointer, FieldProblem::code).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("/status", Code.INVALID_VALUE),
                org.assertj.core.groups.Tuple.tuple("/eventIds/0", Code.WRONG_TYPE),
                org.assertj.core.groups.Tuple.tuple("/decidedAt", Code.INVALID_VALUE));
    }

    @Test
    void shouldBuildGenericRecordsForSchemasWithoutAClass() {
        Schema schema = SchemaBuilder.record("Adhoc").namespace("nowhere").fields()
                .requiredInt("count").name("at").type(org.apache.avro.LogicalTypes.timestampMillis().addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .endRecord();

        GenericRecord record = converter.convert(json("{\"count\":3,\"at\":1000}"), schema);

        assertThat(record.get("count")).isEqualTo(3);
        assertThat(record.get("at")).isEqualTo(1000L);
        assertThat(problems("{\"count\":3000000000,\"at\":1}", schema))
                .containsExactly(new FieldProblem("/count", Code.OUT_OF_RANGE, "must fit in a 32-bit integer"));
    }

    @Test
    void shouldEscapeFieldNamesInPointers() {
        assertThat(problems("{\"clientId\":\"c\",\"capacity\":1,\"refillTokens\":1,\"refillPeriodMillis\":1,\"updatedAt\":1,"
                + "\"updatedBy\":\"a\",\"a/b~c\":1}", ClientRateLimit.getClassSchema()))
                .extracting(FieldProblem::pointer).containsExactly("/a~1b~0c");
    }

    @Test
    void shouldSummarizeProblemsInTheExceptionMessage() {
        assertThatThrownBy(() -> converter.convert(json("{}"), Deposit.getClassSchema()))
                .isInstanceOf(JsonConversionException.class).hasMessage("/amount: is required");
    }

    private List<FieldProblem> problems(String body, Schema schema) {
        try {
            converter.convert(json(body), schema);
        } catch (JsonConversionException e) {
            return e.problems();
        }
        throw new AssertionError("expected problems for " + body);
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }
}
