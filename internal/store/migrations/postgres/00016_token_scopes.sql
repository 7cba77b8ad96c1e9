-- +goose Up
-- What a personal access token may do (issue 8): 'read' tokens may only read the API, 'write'
-- tokens may also change what their owner may change. Tokens made before scopes existed acted
-- with every right of their owner, so they keep 'write'. Same column on both engines.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'write' CHECK (scope IN ('read', 'write'));

-- +goose Down
ALTER TABLE api_tokens DROP COLUMN scope;
