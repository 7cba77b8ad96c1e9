-- +goose Up
-- Early warning (issue 10): each team's current warnings, as the periodic job (and the
-- re-evaluation after an intervention) last found them with furusato.Warnings. Dashboards
-- read this table instead of running the rules over every team's history, so they stay fast.
-- Same table, columns and indexes as the PostgreSQL file of the same number.
--
-- One row per firing rule and person: user_id is the participant the rule fired on, or 0 for
-- the team (the thread's silence) and the company (its charter confirmation); no foreign key,
-- since 0 names no one. since is when the rule started to fire, params the facts that word its
-- reason (a JSON object of strings, the catalogue key's parameters), flagged_at when the job
-- first stored the row: a row that is new when written is a new flag, told once to the team's
-- coordinators and supporters. A rule that stops firing loses its row, so if it fires again it
-- is a new flag.
CREATE TABLE team_flags (
    team_id    BIGINT NOT NULL REFERENCES teams (id),
    rule       TEXT   NOT NULL CHECK (rule IN ('checkin_overdue', 'low_hours', 'blocker_open', 'thread_silent', 'charter_unconfirmed')),
    user_id    BIGINT NOT NULL DEFAULT 0,
    since      BIGINT NOT NULL,
    params     TEXT   NOT NULL DEFAULT '{}',
    flagged_at BIGINT NOT NULL,
    PRIMARY KEY (team_id, rule, user_id)
);

-- One row per flagged team (none for a team without flags), kept with its flags: since is its
-- oldest flag's. organization_id and project_id are copied from the team, so a dashboard takes
-- its flagged teams, the longest-flagged first, from one index range whatever the number of
-- teams (a coordinator's organisation, a supporter's projects, or all for admins).
CREATE TABLE team_flag_heads (
    team_id         BIGINT NOT NULL PRIMARY KEY REFERENCES teams (id),
    organization_id BIGINT NOT NULL,
    project_id      BIGINT NOT NULL,
    since           BIGINT NOT NULL
);
CREATE INDEX team_flag_heads_organization ON team_flag_heads (organization_id, since, team_id);
CREATE INDEX team_flag_heads_project ON team_flag_heads (project_id);
CREATE INDEX team_flag_heads_since ON team_flag_heads (since, team_id);

-- +goose Down
DROP TABLE team_flag_heads;
DROP TABLE team_flags;
