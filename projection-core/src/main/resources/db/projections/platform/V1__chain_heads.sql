-- In every projection version's schema, beside its own tables (and never behind a public view):
-- where each aggregate's verified hash chain ends in this read model. An event is applied only if
-- it follows (next version, prevHash = this hash, its own hash intact); see ChainGuard.
create table chain_heads (
    topic         text   not null,
    aggregate_id  text   not null,
    version       bigint not null,
    hash          bytea  not null,
    primary key (topic, aggregate_id)
);
