-- +goose Up
-- A cold search on PostgreSQL reads the title and catch matches of its words a span of the
-- newest-first listing at a time (store.MatchHeadPublished), so that a word in thousands of
-- titles reads only the rows of the newest ones: the GIN matches are intersected with this
-- index's range before any row is read.
CREATE INDEX projects_published ON projects (published_at);

-- +goose Down
DROP INDEX projects_published;
