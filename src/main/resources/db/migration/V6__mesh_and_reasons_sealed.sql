-- What senders and officers write that can name a person, sealed like the rest (uk.safeguarding.hub.vault): a
-- MESH message's local id, subject, file name and status text; a broker intake failure's reason; why an officer
-- withheld a disclosure. Only ever read back, never looked up. Rows written before read as they were.
ALTER TABLE mesh_message ALTER COLUMN local_id SET DATA TYPE VARCHAR(1000);
ALTER TABLE mesh_message ALTER COLUMN subject SET DATA TYPE VARCHAR(1000);
ALTER TABLE mesh_message ALTER COLUMN file_name SET DATA TYPE VARCHAR(1000);
ALTER TABLE mesh_message ALTER COLUMN status_text SET DATA TYPE VARCHAR(2000);
ALTER TABLE broker_failure ALTER COLUMN reason SET DATA TYPE VARCHAR(4000);
