-- +goose Up
-- Links a supporter row of a project to the user it names, so that the supporter can see and
-- follow the projects they accompany (furusato.Actor.Supporting). Same columns and constraints
-- as the SQLite file of the same number; only the DDL spelling differs. user_id is NULL
-- for a row that names a person only, and becomes NULL when the user is deleted.
ALTER TABLE project_supporters ADD COLUMN user_id BIGINT NULL REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX project_supporters_user ON project_supporters (user_id);

-- +goose Down
DROP INDEX project_supporters_user;
ALTER TABLE project_supporters DROP COLUMN user_id;
