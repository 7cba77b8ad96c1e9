-- +goose Up
-- A cold search first reads the title and catch tsvectors of every project whose title or catch
-- copy holds its words: thousands of rows for a common word (issue 12). Measured at 100,000
-- projects, two things made that read slow:
--
-- 1. Rows whose other texts are long had these small tsvectors moved out of line (PostgreSQL
--    moves the largest columns out until a row fits in 2 kB), so each one read was a TOAST
--    lookup: "観光" read 13,100 buffers instead of 7,500. MAIN keeps them in the row (out of line
--    only if nothing else is left to move); the big `search` tsvector still goes out of line.
--    Rows written before keep their old layout until rewritten, which the UPDATE does once.
ALTER TABLE projects ALTER COLUMN search_title SET STORAGE MAIN, ALTER COLUMN search_catch SET STORAGE MAIN;
UPDATE projects SET search_title = search_title || ''::tsvector, search_catch = search_catch || ''::tsvector;

-- 2. A GIN index gathers new entries in a pending list of up to 4 MB that every search reads
--    whole, until a vacuum merges it: after a bulk load the three indexes held ~350 pages each,
--    read at every search (most of the title-and-catch step's time). 64 kB, the least allowed,
--    keeps that read small while writes still go in batches. The lists are merged now.
ALTER INDEX projects_search SET (gin_pending_list_limit = 64);
ALTER INDEX projects_search_title SET (gin_pending_list_limit = 64);
ALTER INDEX projects_search_catch SET (gin_pending_list_limit = 64);
SELECT gin_clean_pending_list('projects_search'::regclass);
SELECT gin_clean_pending_list('projects_search_title'::regclass);
SELECT gin_clean_pending_list('projects_search_catch'::regclass);

-- +goose Down
ALTER INDEX projects_search_catch RESET (gin_pending_list_limit);
ALTER INDEX projects_search_title RESET (gin_pending_list_limit);
ALTER INDEX projects_search RESET (gin_pending_list_limit);
ALTER TABLE projects ALTER COLUMN search_title SET STORAGE EXTENDED, ALTER COLUMN search_catch SET STORAGE EXTENDED;
