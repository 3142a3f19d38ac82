-- Each user numbers their own tasks 1, 2, 3 … (a global id told every user how
-- many tasks exist), and a deleted task stays in a trash for a while so that
-- a delete can be undone.
ALTER TABLE users ADD COLUMN task_seq bigint NOT NULL DEFAULT 0;

ALTER TABLE tasks ADD COLUMN number bigint;
UPDATE tasks t SET number = s.n
  FROM (SELECT id, row_number() OVER (PARTITION BY user_id ORDER BY id) AS n FROM tasks) s
 WHERE t.id = s.id;
UPDATE users u SET task_seq = COALESCE((SELECT max(number) FROM tasks WHERE user_id = u.id), 0);
ALTER TABLE tasks ALTER COLUMN number SET NOT NULL;
CREATE UNIQUE INDEX tasks_user_number_key ON tasks (user_id, number);

ALTER TABLE tasks ADD COLUMN deleted_at timestamptz;
CREATE INDEX tasks_deleted_idx ON tasks (deleted_at) WHERE deleted_at IS NOT NULL;
