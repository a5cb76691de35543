-- Who a message is from and where replies go, when not the application's own sender: ballot mail comes from the
-- ballot's independent scrutineer. Empty means the configured sender (gpaction.mail.from) and no Reply-To.
alter table outbox
    add column from_name    text,
    add column from_address text,
    add column reply_to     text;

alter table outbox add constraint outbox_from_named_with_address check (from_name is null or from_address is not null);
