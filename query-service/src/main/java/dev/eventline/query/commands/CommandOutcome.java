package dev.eventline.query.commands;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

/** A command's fate ({@code command_outcomes}), projected from the results topic. */
@MappedEntity("command_outcomes")
public record CommandOutcome(@Id String commandId, String aggregateType, String aggregateId, String commandType, String clientId,
                             String status, @Nullable Long version, @TypeDef(type = DataType.STRING_ARRAY) List<String> eventIds,
                             @Nullable String rejectionCode, @Nullable String rejectionMessage, @Nullable String position,
                             String correlationId, Instant decidedAt) {

    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("commandId", commandId);
        map.put("status", status);
        map.put("aggregateType", aggregateType);
        map.put("aggregateId", aggregateId);
        map.put("commandType", commandType);
        map.put("clientId", clientId);
        map.put("version", version);
        map.put("eventIds", eventIds);
        map.put("rejectionCode", rejectionCode);
        map.put("rejectionMessage", rejectionMessage);
        map.put("position", position);
        map.put("correlationId", correlationId);
        map.put("decidedAt", decidedAt.toString());
        return map;
    }
}
