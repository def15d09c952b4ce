-- Each command's fate, for GET /v1/commands/{id}, and per-client counts for dashboards.
create table command_outcomes (
    command_id         text        primary key,
    aggregate_type     text        not null,
    aggregate_id       text        not null,
    command_type       text        not null,
    client_id          text        not null,
    status             text        not null,
    version            bigint,
    event_ids          text[]      not null,
    rejection_code     text,
    rejection_message  text,
    position           text,
    correlation_id     text        not null,
    decided_at         timestamptz not null
);
create index command_outcomes_client on command_outcomes (client_id, decided_at);

create table client_command_stats (
    client_id       text        primary key,
    accepted        bigint      not null default 0,
    rejected        bigint      not null default 0,
    conflicts       bigint      not null default 0,
    rate_limited    bigint      not null default 0,
    key_reused      bigint      not null default 0,
    invalid         bigint      not null default 0,
    last_command_at timestamptz not null
);
