"""Casework's rows in the authorisation matrix (tests/test_authorisation_matrix.py)."""

from django.urls import reverse

from earlyhelp.accounts.models import Role

ROLES = [r.value for r in Role]
NOBODY = dict.fromkeys(ROLES, 404)
# The world's episode is allocated to the practitioner in the manager's team; the front door sees everyone.
EPISODE_READERS = {**NOBODY, Role.FRONT_DOOR: 200, Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}
# Changing the episode's record needs WORK_CASES: the front door and partners read, they do not write.
EPISODE_WORKERS = {**NOBODY, Role.LEAD_PRACTITIONER: 200, Role.TEAM_MANAGER: 200}
MANAGERS = {**NOBODY, Role.TEAM_MANAGER: 200}

MATRIX = {
    "casework:episode_detail": ("get", EPISODE_READERS, 302),
    "casework:allocation_queue": ("get", MANAGERS, 302),
    "casework:allocate": ("get", MANAGERS, 302),  # an episode awaiting allocation in the manager's team
    "casework:reallocate": ("get", MANAGERS, 302),
    "casework:my_caseload": ("get", EPISODE_WORKERS, 302),
    "casework:caseloads": ("get", MANAGERS, 302),
    "casework:worker_caseload": ("get", MANAGERS, 302),  # the practitioner in the manager's team
    "casework:note_add": ("get", EPISODE_WORKERS, 302),
    "casework:document_add": ("get", EPISODE_WORKERS, 302),
    "casework:document_download": ("get", EPISODE_READERS, 302),
    "casework:extension_add": ("get", EPISODE_WORKERS, 302),
}


def extend_world(world) -> dict:
    from django.core.files.base import ContentFile

    from earlyhelp.casework.models import Document
    from earlyhelp.core.testing import make_awaiting_allocation_episode

    practitioner = world["users"][Role.LEAD_PRACTITIONER]
    awaiting = make_awaiting_allocation_episode(team=practitioner.team)
    document = Document(
        episode=world["episode"], doc_type="letter", title="Letter", content_type="text/plain", size_bytes=5,
        uploaded_by=practitioner, original_name="letter.txt",
    )
    document.file.save("matrix.txt", ContentFile(b"hello"), save=False)
    document.save()
    return {"awaiting_episode": awaiting, "document": document}


def path(name: str, world) -> str | None:
    if name == "casework:allocate":
        return reverse(name, kwargs={"episode_pk": world["awaiting_episode"].pk})
    if name == "casework:worker_caseload":
        return reverse(name, kwargs={"user_pk": world["users"][Role.LEAD_PRACTITIONER].pk})
    if name == "casework:document_download":
        return reverse(name, kwargs={"episode_pk": world["episode"].pk, "document_pk": world["document"].pk})
    return None
