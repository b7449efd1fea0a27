-- No NHS number in clear (uk.safeguarding.hub.vault): every column that finds a person holds the keyed hash of the
-- NHS number (or of an unborn child's register key), 43 characters; where the hub needs the number back, a sealed
-- copy sits beside it. The rows written before are rewritten once, by the Java migration that follows this one
-- (it needs the vault's key, which SQL does not have).
ALTER TABLE inbound_message ALTER COLUMN subject_nhs SET DATA TYPE VARCHAR(64);
ALTER TABLE inbound_message ADD COLUMN IF NOT EXISTS subject_sealed VARCHAR(256);

ALTER TABLE family_link ALTER COLUMN service_user_nhs SET DATA TYPE VARCHAR(64);
ALTER TABLE family_link ALTER COLUMN child_key SET DATA TYPE VARCHAR(64);
ALTER TABLE family_link ALTER COLUMN child_nhs SET DATA TYPE VARCHAR(64);
ALTER TABLE family_link ALTER COLUMN born_as SET DATA TYPE VARCHAR(64);
-- The service user and the child as the hub reads them back (NHS numbers, birth and due dates), sealed.
ALTER TABLE family_link ADD COLUMN IF NOT EXISTS sealed TEXT;

ALTER TABLE partner_link ALTER COLUMN adult_nhs SET DATA TYPE VARCHAR(64);
ALTER TABLE partner_link ALTER COLUMN partner_nhs SET DATA TYPE VARCHAR(64);
ALTER TABLE partner_link ADD COLUMN IF NOT EXISTS adult_sealed VARCHAR(256);
ALTER TABLE partner_link ADD COLUMN IF NOT EXISTS partner_sealed VARCHAR(256);

ALTER TABLE safeguarding_flag ALTER COLUMN child_key SET DATA TYPE VARCHAR(64);
ALTER TABLE consent_record ALTER COLUMN service_user_nhs SET DATA TYPE VARCHAR(64);
ALTER TABLE involvement ALTER COLUMN person_key SET DATA TYPE VARCHAR(64);

ALTER TABLE referral_record ALTER COLUMN concerns SET DATA TYPE VARCHAR(64);
ALTER TABLE referral_record ADD COLUMN IF NOT EXISTS concerns_sealed VARCHAR(256);
-- Only ever read back, never looked up: sealed, no hash.
ALTER TABLE request_record ALTER COLUMN subject_nhs SET DATA TYPE VARCHAR(256);

ALTER TABLE message_child ALTER COLUMN child_nhs SET DATA TYPE VARCHAR(64);

ALTER TABLE legal_hold ALTER COLUMN nhs_number SET DATA TYPE VARCHAR(64);
ALTER TABLE legal_hold ADD COLUMN IF NOT EXISTS nhs_sealed VARCHAR(256);

-- The audit: the subject's keyed hash finds its entries; its number (sealed) and the detail (sealed) are what the
-- chain's keyed hash covers, as stored. Entries written before stay as they were and still verify.
ALTER TABLE audit_entry ALTER COLUMN subject_nhs SET DATA TYPE VARCHAR(64);
ALTER TABLE audit_entry ADD COLUMN IF NOT EXISTS subject_sealed VARCHAR(256);
