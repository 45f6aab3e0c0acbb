"""The person-matching index: blocking keys and normalised records, derived data kept by
``earlyhelp.people.matching`` (see docs/adr/0004-person-matching.md).

Plain tables rather than Django models: they are written in bulk (COPY on PostgreSQL) and read
with one hand-written query on the front door's hot path, never through the ORM; no foreign key,
so that emptying the register (or a test database flush) never trips over them, and rows of
deleted people are simply never joined back to a person.
"""

from django.db import migrations

CREATE = [
    "CREATE TABLE people_matchkey (key varchar(120) NOT NULL, person_id bigint NOT NULL)",
    "CREATE INDEX people_matchkey_key_idx ON people_matchkey (key, person_id)",
    "CREATE INDEX people_matchkey_person_idx ON people_matchkey (person_id)",
    "CREATE TABLE people_matchrecord (person_id bigint NOT NULL PRIMARY KEY, data text NOT NULL)",
]
DROP = ["DROP TABLE IF EXISTS people_matchkey", "DROP TABLE IF EXISTS people_matchrecord"]


class Migration(migrations.Migration):
    dependencies = [("people", "0001_initial")]

    operations = [
        migrations.RunSQL(sql=CREATE, reverse_sql=DROP),
    ]
