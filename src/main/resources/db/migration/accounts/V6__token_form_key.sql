-- The key of the Your account page's token form that made a token, written by the token's own insert: a form sent again,
-- even while its first sending is still under way, finds its key taken and makes no second token, and a sending that
-- made no token leaves its key unused. Tokens asked for through the API have none.
alter table api_token add column form_key text unique;
