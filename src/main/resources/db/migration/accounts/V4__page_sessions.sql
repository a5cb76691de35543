-- Page sessions, kept here rather than in one instance's memory so a person signed in through one instance stays
-- signed in on another. Spring Session JDBC reads and writes these tables (spring.session.jdbc.table-name); the
-- column names are its own. Times are milliseconds since the epoch, as it writes them.
create table page_session (
    primary_id            text   primary key,
    session_id            text   not null unique,
    creation_time         bigint not null,
    last_access_time      bigint not null,
    max_inactive_interval int    not null,
    expiry_time           bigint not null,
    -- The staff email a signed-in session belongs to, so disabling an account can end its sessions at once.
    principal_name        text
);

create index page_session_expiry on page_session (expiry_time);
create index page_session_principal on page_session (principal_name);

create table page_session_attributes (
    session_primary_id text  not null references page_session (primary_id) on delete cascade,
    attribute_name     text  not null,
    attribute_bytes    bytea not null,
    primary key (session_primary_id, attribute_name)
);
