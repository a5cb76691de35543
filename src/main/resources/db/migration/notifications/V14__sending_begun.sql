-- The messages carrying a secret link (a SecretLinks category; not one sent with a reference a StillWanted checks)
-- that an attempt is handing to the mail server, recorded (and committed) before it does and removed when the message
-- reaches an outcome that leaves no copy that may have gone: one still here when a message is claimed again is one an
-- earlier attempt may have delivered (its instance stopped, or the connection was lost while the server took it). A
-- table of its own, as that attempt holds its messages' rows locked until it ends; no foreign key, whose check would
-- wait on those locks. A message withdrawn unsent (Outbox.withdrawUnsent) takes its row here with it.
create table sending_begun (
    outbox_id bigint primary key
);
