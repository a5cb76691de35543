-- Each notice of a move of an event queued for someone with a place or waiting for one is numbered, its number in its
-- cancel link's reference, and only the place's latest is sent. The next move withdraws one still unsent, but one the
-- dispatcher is sending at that moment is not waited for (the mail server may take its time, or be down); if it does
-- not go after all, it is not sent later, after the newer notice, with the details that notice replaced. A notice
-- queued before this version has the registration's id alone as its reference, and is number 0: the place's latest
-- until its next move.
alter table registration
    add column move_notices integer not null default 0;
