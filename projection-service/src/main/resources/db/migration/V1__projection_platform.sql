-- The projection platform's own tables. Read models live in one schema per projection version
-- (<name>_v<version>), with views in public pointing at the active version.

-- The next Kafka offset each projection version will apply, written in the same transaction as
-- the rows it produced: the read model and its position never disagree.
create table projection_offsets (
    projection   text        not null,
    version      int         not null,
    topic        text        not null,
    partition    int         not null,
    next_offset  bigint      not null,
    updated_at   timestamptz not null default now(),
    primary key (projection, version, topic, partition)
);

-- Which version of each projection the public views show.
create table read_model_versions (
    projection     text        primary key,
    active_version int         not null,
    switched_at    timestamptz not null default now()
);

-- Records a projection could not decode or apply; each also went to <ns>.dead-letters.
create table projection_dead_letters (
    projection   text        not null,
    version      int         not null,
    topic        text        not null,
    partition    int         not null,
    "offset"     bigint      not null,
    error        text        not null,
    failed_at    timestamptz not null default now(),
    primary key (projection, version, topic, partition, "offset")
);
