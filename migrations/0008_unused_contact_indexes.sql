-- Two indexes of 0002 that no query uses. Every query on `contacts` was checked with
-- EXPLAIN QUERY PLAN (the app's listing, counts, search, campaign paging, custom field
-- keys, the import's lookups and updates, undo, deleting a list):
--   contacts_phone     (phone_e164): nothing looks a number up across lists; opt-outs
--                      live in their own table, searches are LIKE '%…%' (no b-tree).
--   contacts_list_name (list_id, name): nothing sorts by name; its only use was as a
--                      way into one list, which contacts_list_phone gives the same.
-- Each costs every insert a b-tree update at a random place (or a sort of the whole table
-- after a bulk import): on a database with a million contacts, ~0.7 s of a 100k-row
-- import. tests/integration/contacts_query_plans.rs keeps the plans honest.
DROP INDEX contacts_phone;
DROP INDEX contacts_list_name;
