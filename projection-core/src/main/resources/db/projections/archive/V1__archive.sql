-- Every event of every aggregate type, as on the log, for history, audits and verification.
create table event_archive (
    topic           text        not null,
    partition       int         not null,
    "offset"        bigint      not null,
    event_id        uuid        not null,
    aggregate_type  text        not null,
    aggregate_id    text        not null,
    version         bigint      not null,
    event_type      text        not null,
    occurred_at     timestamptz not null,
    recorded_at     timestamptz not null,
    command_id      text        not null,
    correlation_id  text        not null,
    causation_id    text        not null,
    client_id       text        not null,
    prev_hash       bytea       not null,
    hash            bytea       not null,
    payload         jsonb       not null,
    primary key (aggregate_type, aggregate_id, version)
);
create unique index event_archive_position on event_archive (topic, partition, "offset");
create unique index event_archive_event_id on event_archive (event_id);
create index event_archive_time on event_archive (occurred_at);
