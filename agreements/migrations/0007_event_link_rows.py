"""An event's participants and programs get models of their own (EventParticipant, EventProgram) on the tables the
plain many-to-many fields made, so that each link can carry a certainty (the next migration). The tables, their
columns and their unique pairs stay as they are: this changes Django's picture of them, not the database."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("agreements", "0006_sort_in_each_language"),
        ("people", "0006_sort_in_each_language"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="EventParticipant",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "event",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="participant_rows",
                                to="agreements.event",
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="participant_rows",
                                to="people.person",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "participant",
                        "verbose_name_plural": "participants",
                        "db_table": "agreements_event_participants",
                        "unique_together": {("event", "person")},
                    },
                ),
                migrations.CreateModel(
                    name="EventProgram",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID"),
                        ),
                        (
                            "event",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="program_rows",
                                to="agreements.event",
                            ),
                        ),
                        (
                            "program",
                            models.ForeignKey(
                                db_column="trainingprogram_id",
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="event_rows",
                                to="agreements.trainingprogram",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "program involved",
                        "verbose_name_plural": "programs involved",
                        "db_table": "agreements_event_programs",
                        "unique_together": {("event", "program")},
                    },
                ),
                migrations.AlterField(
                    model_name="event",
                    name="participants",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="events",
                        through="agreements.EventParticipant",
                        to="people.person",
                        verbose_name="participants",
                    ),
                ),
                migrations.AlterField(
                    model_name="event",
                    name="programs",
                    field=models.ManyToManyField(
                        blank=True,
                        related_name="events",
                        through="agreements.EventProgram",
                        to="agreements.trainingprogram",
                        verbose_name="programs involved",
                    ),
                ),
            ],
            database_operations=[],
        ),
    ]
