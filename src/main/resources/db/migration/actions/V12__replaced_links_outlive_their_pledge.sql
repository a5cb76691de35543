-- The page a replaced confirmation link opens said its pledge was gone when this table had no row for the link while
-- its hash was still remembered as replaced (common.spent_link). This table's row is forgotten seven days after the
-- replacement by one hourly job and the hash by another, at its own offset, so in between the old link of a confirmed
-- pledge was said to be for a pledge that no longer exists. A row now outlives its pledge, naming none, so that the row
-- alone says what is true of the pledge; it still goes seven days after the link was replaced, and holds only the
-- link's hash, never the link, and nothing of the pledge.
alter table pledge_replaced_link alter column pledge_id drop not null;

alter table pledge_replaced_link drop constraint pledge_replaced_link_pledge_id_fkey;

alter table pledge_replaced_link add constraint pledge_replaced_link_pledge_id_fkey
    foreign key (pledge_id) references pledge (id) on delete set null;
