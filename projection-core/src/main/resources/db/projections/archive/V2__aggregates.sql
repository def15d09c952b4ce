-- The generic read model: every aggregate of every registered type as its domain's evolve folded
-- it (the same JSON the decide stage snapshots), with the owner its decider declares. The
-- archive beside it is the aggregate's history; both commit with the same offsets.
create table aggregates (
    aggregate_type  text        not null,
    aggregate_id    text        not null,
    owner           text,
    version         bigint      not null,
    state           jsonb       not null,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    primary key (aggregate_type, aggregate_id)
);
-- Lists filter by owner and page by id or by last change; id last keeps cursor order stable.
create index aggregates_owner on aggregates (aggregate_type, owner, aggregate_id);
create index aggregates_updated on aggregates (aggregate_type, updated_at, aggregate_id);
