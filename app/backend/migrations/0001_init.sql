-- Initial schema: users, tasks, conversations, messages, auth throttling, revoked sessions.
CREATE TABLE users (
  id            bigserial PRIMARY KEY,
  email         text        NOT NULL,
  password_hash text        NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE tasks (
  id          bigserial PRIMARY KEY,
  user_id     bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title       text        NOT NULL CHECK (char_length(title) BETWEEN 1 AND 200),
  description text        NOT NULL DEFAULT '' CHECK (char_length(description) <= 2000),
  completed   boolean     NOT NULL DEFAULT false,
  due_date    date,
  created_at  timestamptz NOT NULL DEFAULT now(),
  updated_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX tasks_user_idx ON tasks (user_id, completed, due_date);

CREATE TABLE conversations (
  id         bigserial PRIMARY KEY,
  user_id    bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  title      text        NOT NULL DEFAULT '',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX conversations_user_idx ON conversations (user_id, updated_at DESC);

CREATE TABLE messages (
  id              bigserial PRIMARY KEY,
  conversation_id bigint      NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  user_id         bigint      NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  role            text        NOT NULL CHECK (role IN ('user', 'assistant')),
  content         text        NOT NULL,
  tool_calls      jsonb       NOT NULL DEFAULT '[]'::jsonb,
  meta            jsonb       NOT NULL DEFAULT '{}'::jsonb,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX messages_conversation_idx ON messages (conversation_id, id);

-- Failed sign-ins per e-mail address, shared by all replicas.
CREATE TABLE auth_failures (
  email        text        PRIMARY KEY,
  failures     integer     NOT NULL,
  window_start timestamptz NOT NULL
);

-- Session ids ended by sign-out, kept until the token would have expired.
CREATE TABLE revoked_sessions (
  sid        text        PRIMARY KEY,
  expires_at timestamptz NOT NULL
);
