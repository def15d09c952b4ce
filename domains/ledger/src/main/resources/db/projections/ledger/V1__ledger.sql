-- The ledger's read models (schema ledger_v<version>; public views show the active version).

create table accounts (
    id          text        primary key,
    owner       text        not null,
    currency    text        not null,
    balance     bigint      not null,
    status      text        not null,
    version     bigint      not null,
    opened_at   timestamptz not null,
    updated_at  timestamptz not null
);
-- Dashboards filter by owner, status, currency and balance; id last keeps cursor order stable.
create index accounts_owner on accounts (owner, id);
create index accounts_status on accounts (status, id);
create index accounts_currency_balance on accounts (currency, balance, id);

-- Money movements of each account, one row per event that changed the balance.
create table account_transactions (
    account_id     text        not null,
    version        bigint      not null,
    event_id       uuid        not null,
    kind           text        not null,
    amount         bigint      not null,
    balance_after  bigint      not null,
    transfer_id    text,
    command_id     text        not null,
    occurred_at    timestamptz not null,
    primary key (account_id, version)
);

create table transfers (
    id              text        primary key,
    from_account    text        not null,
    to_account      text        not null,
    amount          bigint      not null,
    currency        text,
    status          text        not null,
    requested_by    text        not null,
    failure_code    text,
    failure_reason  text,
    version         bigint      not null,
    requested_at    timestamptz not null,
    updated_at      timestamptz not null
);
create index transfers_from on transfers (from_account);
create index transfers_to on transfers (to_account);

-- Every step a transfer went through, in order.
create table transfer_steps (
    transfer_id  text        not null,
    version      bigint      not null,
    step         text        not null,
    event_id     uuid        not null,
    occurred_at  timestamptz not null,
    primary key (transfer_id, version)
);
