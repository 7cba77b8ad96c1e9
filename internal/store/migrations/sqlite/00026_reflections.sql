-- +goose Up
-- Reflections at the end of a team's work (issue 10, item 7). Same tables, columns and
-- indexes as the PostgreSQL file of the same number.
--
-- reflection_rounds: the team's reflections opened, at the moment its work ended
-- (teams.ended_at), by the end hook of service.Reflections; one per team. The 14-day rule
-- for reading the other sides' reflections counts from opened_at.
CREATE TABLE reflection_rounds (
    team_id   BIGINT NOT NULL PRIMARY KEY REFERENCES teams (id),
    opened_at BIGINT NOT NULL CHECK (opened_at > 0)
);

-- One reflection per team and author, for the side they wrote it for: participant (for
-- themselves), company (one of its staff) or supporter. again is the side's yes/no question
-- (would recommend, would host again, would accompany again). A reflection may be edited
-- only while no other side has written (store.SaveReflection), so nobody rewrites theirs
-- after reading the other side's.
CREATE TABLE reflections (
    id           INTEGER PRIMARY KEY,
    team_id      BIGINT  NOT NULL REFERENCES reflection_rounds (team_id),
    author_id    BIGINT  NOT NULL REFERENCES users (id),
    side         TEXT    NOT NULL CHECK (side IN ('participant', 'company', 'supporter')),
    again        BOOLEAN NOT NULL CHECK (again IN (FALSE, TRUE)),
    message      TEXT    NOT NULL DEFAULT '',
    submitted_at BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL
);
CREATE UNIQUE INDEX reflections_team_author ON reflections (team_id, author_id);
CREATE INDEX reflections_author ON reflections (author_id);

-- The rated answers of a reflection, one per question of its side (furusato.ReflectionSide.Questions).
CREATE TABLE reflection_answers (
    reflection_id BIGINT  NOT NULL REFERENCES reflections (id) ON DELETE CASCADE,
    question      TEXT    NOT NULL,
    rating        INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
    body          TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (reflection_id, question)
);

-- +goose Down
DROP TABLE reflection_answers;
DROP TABLE reflections;
DROP TABLE reflection_rounds;
