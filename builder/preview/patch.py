"""Serve an edit to the simulator without re-emitting the package.

After an edit the preview's new snapshot has a new Course whose unchanged pages are the very
objects of the previous one (the RenderCache hands them back). A learner-runtime package (web,
scorm12, scorm2004) is then the previous snapshot's tree with only what the edit touched made
again: the edited pages' module content scripts (`bundle.carry_over`) and, when the outline
changed (a title, a key, a quiz's settings, a reading time), `runtime/course.js`. index.html, the
player, the launch pages and the manifest depend only on the course settings, the modules and the
file list (`_frame`): when any of those changed, the target emits afresh (still reusing the
unchanged content scripts). tests/preview/test_preview_patch.py proves a patched tree equal, byte
for byte, to a fresh `emit` over several kinds of edits.
"""

from __future__ import annotations

from ..filetree import FileTree
from ..model import Course
from ..runtime import bundle
from ..targets.base import Target

#: The targets whose package is `bundle(course, tracking)` plus files that depend on `_frame` alone.
BUNDLED = {"web": "none", "scorm12": "scorm12", "scorm2004": "scorm2004"}


def patched_tree(target: Target, old: Course, old_tree: FileTree, course: Course, *,
                 fresh_media: bool) -> FileTree | None:
    """`target.emit(course).tree`, made from `old`'s tree `old_tree`; None when it cannot be.

    `fresh_media`: read the media again (a full rebuild may follow a media edit); a page-path
    rebuild changed Markdown pages only, so it keeps the media bytes already read."""
    if course is old:
        return old_tree
    tracking = BUNDLED.get(target.name)
    if tracking is None or not bundle.carry_over(old, course):
        return None
    if _frame(old) != _frame(course):
        return target.emit(course).tree  # the outline, launch pages and manifest made again; content reused
    tree = dict(old_tree)
    tree.update(bundle.content_scripts_of(course))
    if bundle.outline_of(course) != bundle.outline_of(old):
        tree[bundle.COURSE_FILE] = bundle.course_script(course, tracking)
    if fresh_media:
        tree.update({media.path: media.data for media in course.media})
    return tree


def _frame(course: Course) -> tuple:
    """What a bundled package's files other than its data scripts and media bytes are made from:
    the course settings (index.html, manifest metadata), the modules' IDs and titles (launch pages,
    manifest items), whether anything is graded (SCORM 1.2's mastery score) and the file list
    (content scripts per module, media paths)."""
    return (course.config, tuple((m.id, m.title) for m in course.modules), bool(course.graded_activities()),
            tuple(m.path for m in course.media))
