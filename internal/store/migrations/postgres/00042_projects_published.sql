-- +goose Up
-- A cold search on PostgreSQL reads the title and catch matches of its words a span of the
-- listing's order at a time (store.MatchHeadPublished, MatchHeadDeadline), so that a word in
-- thousands of titles reads only the rows of the first ones: the GIN matches are intersected
-- with one of these indexes' range before any row is read. Newest first is a span of
-- published_at; by deadline, the open part of the list is a span of the deadlines of the
-- projects in the status published (projects_listing, which leads with the status, was not
-- chosen for it: the planner read a whole index for status = 'published' instead).
CREATE INDEX projects_published ON projects (published_at);
CREATE INDEX projects_open_deadline ON projects (deadline) WHERE status = 'published';

-- +goose Down
DROP INDEX projects_open_deadline;
DROP INDEX projects_published;
