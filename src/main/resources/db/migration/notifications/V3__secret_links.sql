-- A message may carry a single-use link that is made only when the message is sent, so that the link's secret
-- is never stored; a message whose link is no longer wanted (replaced, already used) is withdrawn unsent.
alter table outbox add column secret_link_reference text;
alter table outbox drop constraint outbox_status_check;
alter table outbox add constraint outbox_status_check check (status in ('PENDING', 'SENT', 'FAILED', 'WITHDRAWN'));
