CREATE TABLE "task_book_investment_years" (
	"pilot_id" uuid NOT NULL,
	"task_book_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"year" integer NOT NULL,
	"government" numeric NOT NULL,
	"social" numeric NOT NULL,
	"bank" numeric NOT NULL,
	"other" numeric NOT NULL,
	CONSTRAINT "task_book_investment_years_pkey" PRIMARY KEY("task_book_id","version","year","pilot_id")
);
--> statement-breakpoint
ALTER TABLE "task_book_investment_years" ADD CONSTRAINT "task_book_investment_years_pilot_id_pilots_id_fk" FOREIGN KEY ("pilot_id") REFERENCES "public"."pilots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_book_investment_years" ADD CONSTRAINT "task_book_investment_years_version_fk" FOREIGN KEY ("task_book_id","version") REFERENCES "public"."task_book_versions"("task_book_id","number") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
-- A version's investment (its generated column, migration 0023) as one row per year.
CREATE FUNCTION task_book_investment_rows(investment jsonb)
RETURNS TABLE (year int, government numeric, social numeric, bank numeric, other numeric)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  select key::int, coalesce((value->>'government')::numeric, 0), coalesce((value->>'social')::numeric, 0),
    coalesce((value->>'bank')::numeric, 0), coalesce((value->>'other')::numeric, 0)
  from jsonb_each(investment)
$$;
--> statement-breakpoint
-- Kept by the database as the version is written, so no writer can forget them. Versions are not updated, but a row
-- changed by hand still gets rows that agree with it. A restore loads the versions and this remakes the rows: backups
-- leave the table out (backup.ts).
CREATE FUNCTION task_book_investment_years_keep() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' THEN
    DELETE FROM task_book_investment_years
    WHERE task_book_id = OLD.task_book_id AND version = OLD.number AND pilot_id = OLD.pilot_id;
  END IF;
  INSERT INTO task_book_investment_years (pilot_id, task_book_id, version, year, government, social, bank, other)
  SELECT NEW.pilot_id, NEW.task_book_id, NEW.number, r.* FROM task_book_investment_rows(NEW.investment) r;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER task_book_investment_years_keep AFTER INSERT OR UPDATE ON task_book_versions
FOR EACH ROW EXECUTE FUNCTION task_book_investment_years_keep();
--> statement-breakpoint
INSERT INTO task_book_investment_years (pilot_id, task_book_id, version, year, government, social, bank, other)
SELECT v.pilot_id, v.task_book_id, v.number, r.* FROM task_book_versions v, task_book_investment_rows(v.investment) r;
