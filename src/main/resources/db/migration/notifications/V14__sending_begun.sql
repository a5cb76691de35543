-- The messages carrying a secret link or reference that an attempt is handing to the mail server, recorded (and
-- committed) before it does and removed when the attempt's outcome is recorded: one still here when a message is
-- claimed again is one an earlier attempt may have delivered before its instance stopped. A table of its own, as that
-- attempt holds its messages' rows locked until it ends; no foreign key, whose check would wait on those locks.
create table sending_begun (
    outbox_id bigint primary key
);
