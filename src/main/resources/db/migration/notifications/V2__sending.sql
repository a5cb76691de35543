-- A body may carry a single-use link: it is kept only while the message still waits to be sent.
alter table outbox alter column body drop not null;
alter table outbox add constraint outbox_body_kept_only_while_pending check ((status = 'PENDING') = (body is not null));

alter table outbox add column last_attempt timestamptz;
