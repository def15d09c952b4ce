package dev.eventline.http.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StrictJsonTest {

    @Test
    void shouldReadAnObjectAndTakeAnEmptyBodyAsAnEmptyObject() {
        assertThat(StrictJson.read("{\"amount\":1}").get("amount").asLong()).isEqualTo(1L);
        assertThat(StrictJson.read("  ").isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseAnythingAfterTheValue() {
        for (String body : List.of("{\"amount\":1}\u0000", "{\"amount\":1}x", "{\"amount\":1}{\"amount\":2}", "{\"amount\":1}]")) {
            assertThat(problemOf(body).code()).as(body).isEqualTo("MALFORMED_JSON");
        }
    }

    @Test
    void shouldRefuseDuplicateMembers() {
        assertThat(problemOf("{\"amount\":1,\"amount\":2}").code()).isEqualTo("MALFORMED_JSON");
    }

    @Test
    void shouldTurnEveryLimitIntoA400WithAPointer() {
        String deep = "{\"a\":".repeat(StrictJson.MAX_DEPTH + 5) + "1" + "}".repeat(StrictJson.MAX_DEPTH + 5);
        String longNumber = "{\"amount\":" + "9".repeat(5000) + "}";
        String longString = "{\"reason\":\"" + "x".repeat(StrictJson.MAX_STRING_LENGTH + 1) + "\"}";
        for (String body : List.of(deep, longNumber, longString)) {
            Problem problem = problemOf(body);
            assertThat(problem.status().getCode()).isEqualTo(400);
            @SuppressWarnings("unchecked")
            Map<String, Object> error = ((List<Map<String, Object>>) problem.member("errors")).get(0);
            assertThat(error.get("code")).isEqualTo("JSON_LIMIT_EXCEEDED");
            assertThat((String) error.get("pointer")).startsWith("/");
        }
    }

    private static Problem problemOf(String body) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> StrictJson.read(body));
        assertThat(thrown).as(body).isInstanceOf(ProblemException.class);
        return ((ProblemException) thrown).problem();
    }

    @Test
    void shouldNotFailOnAPlainSyntaxError() {
        assertThatThrownBy(() -> StrictJson.read("{\"amount\":")).isInstanceOf(ProblemException.class);
    }
}
