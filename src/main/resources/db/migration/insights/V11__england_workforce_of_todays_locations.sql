-- England's workforce was kept month by month, added up at import from every code a workforce file gave, CCGs merged
-- since included, while England's appointments count only its sub-ICB locations of today. England's workforce is now
-- added up from those same locations' rows, once for each version of the data (which locations are England's changes
-- with the practices directory, not with this table), so the table kept at import is no longer read or written.
drop table workforce_england;
