"""Background imports: the upload page queues a run, a worker imports it and reports progress."""

import contextlib
import errno

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_tasks import task

from labourdesk.compliance.importers.common import ImportFailed
from labourdesk.compliance.models import ImportRun
from labourdesk.core.audit import audit_record
from labourdesk.core.tasks import enqueue_on_commit

# A full disk, a quota or a file-size limit: the server cannot keep the upload.
NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def import_run_create(*, actor, kind: str, uploaded_file, options: dict) -> ImportRun:
    with transaction.atomic():
        run = ImportRun(
            kind=kind, file_name=uploaded_file.name[:255], options=options, created_by=actor
        )
        storage = run.file.storage
        # The name the storage will use, known before writing: a write that fails half-way
        # leaves a partial file under it, which must not outlive the refusal.
        name = storage.get_available_name(run.file.field.generate_filename(run, uploaded_file.name))
        try:
            run.file.save(uploaded_file.name, uploaded_file, save=False)
        except OSError as exc:
            if exc.errno not in NO_ROOM:
                raise
            with contextlib.suppress(OSError):
                storage.delete(name)
            raise ValidationError(
                {
                    "file": _(
                        "The server has no room to store this file at the moment, so nothing "
                        "was saved. Please try again later, or tell the administrator."
                    )
                },
                code="no_room",
            ) from None
        run.full_clean()
        run.save()
        audit_record(actor=actor, action="compliance.import.queue", target=run)
        enqueue_on_commit(run_import, run.pk)
    return run


def import_run_execute(run: ImportRun) -> ImportRun:
    from labourdesk.compliance.importers.assessments import import_assessments
    from labourdesk.compliance.importers.plans import import_improvement_plans, import_picc

    importer = {
        ImportRun.Kind.ASSESSMENTS: import_assessments,
        ImportRun.Kind.IMPROVEMENT_PLANS: import_improvement_plans,
        ImportRun.Kind.PICC: import_picc,
    }[run.kind]
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING, progress=5)

    def progress(rows: int) -> None:
        # The checking pass runs outside the writing transaction, so this is visible at once.
        ImportRun.objects.filter(pk=run.pk).update(rows=rows, progress=min(50, 5 + rows // 20000))

    try:
        with run.file.open("rb") as handle:
            summary = importer(
                actor=run.created_by,
                source=handle,
                file_name=run.file_name,
                options=run.options,
                progress=progress,
            )
    except ImportFailed as exc:
        run.status, run.errors, run.progress = ImportRun.Status.FAILED, exc.errors, 100
    else:
        run.status, run.summary, run.progress = ImportRun.Status.DONE, summary, 100
        run.rows = summary.get("rows", 0)
        run.errors = []
    run.save(update_fields=["status", "errors", "summary", "progress", "rows", "updated_at"])
    return run


@task()
def run_import(run_id: int) -> str:
    run = ImportRun.objects.filter(pk=run_id).first()
    if run is None or run.status != ImportRun.Status.QUEUED:
        return _("nothing to do")
    return import_run_execute(run).status
