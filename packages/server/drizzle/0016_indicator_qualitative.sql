ALTER TABLE "indicators" ADD COLUMN "qualitative" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- custom: databases seeded before this migration get the 2012 system's qualitative level-3 indicators, as recorded in
-- data/indicator-systems/2012.json (a test compares the two lists).
UPDATE "indicators" SET "qualitative" = true
WHERE "system_id" IN (SELECT "id" FROM "indicator_systems" WHERE "code" = 'MOHURD-2012')
  AND "code" IN ('1.1.1', '1.1.2', '1.1.3', '1.1.4', '1.1.5', '1.3.1', '1.3.2', '1.3.3', '2.1.1', '2.1.2', '2.1.3', '2.1.4', '2.1.6', '2.2.1', '2.2.2', '2.2.4', '2.2.6', '2.2.7', '2.2.8', '3.1.1', '3.1.2', '3.1.4', '3.2.1', '3.2.2', '3.2.3', '3.2.4', '3.2.5', '3.2.6', '3.2.7', '3.2.8', '3.3.1', '3.3.2', '3.3.3', '3.3.4', '3.3.5', '3.3.6', '3.3.7', '3.3.8', '3.3.9', '3.3.10', '3.3.11', '4.1.1', '4.2.1', '4.2.2', '4.3.3');
