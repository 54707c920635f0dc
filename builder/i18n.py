"""Interface words in the languages we publish in; course text itself is the author's.

Looked up by the base language of a BCP 47 tag (`pt-BR` → `pt`), falling back to English.
"""

from __future__ import annotations

STRINGS: dict[str, dict[str, str]] = {
    # quiz_note: "(see the quiz “…” in this course)", for links to a quiz where a package cannot
    # link into it; {title} is wrapped in <bdi> by the caller. lesson_note and glossary_note do the
    # same for lessons and glossary terms where a package cannot keep links between pages.
    "en": {"note": "Note", "tip": "Tip", "warning": "Warning", "key": "Key points", "footnotes": "Notes",
           "external": "(opens in a new tab)", "glossary": "Glossary", "objectives": "In this lesson",
           "quiz_note": "(see the quiz “{title}” in this course)",
           "lesson_note": "(see the lesson “{title}” in this course)",
           "glossary_note": "(see “{term}” in the glossary)"},
    "fr": {"note": "Remarque", "tip": "Conseil", "warning": "Attention", "key": "Points clés", "footnotes": "Notes",
           "external": "(s’ouvre dans un nouvel onglet)", "glossary": "Glossaire", "objectives": "Dans cette leçon",
           "quiz_note": "(voir le quiz «\u00a0{title}\u00a0» dans ce cours)",
           "lesson_note": "(voir la leçon «\u00a0{title}\u00a0» dans ce cours)",
           "glossary_note": "(voir «\u00a0{term}\u00a0» dans le glossaire)"},
    "es": {"note": "Nota", "tip": "Consejo", "warning": "Atención", "key": "Puntos clave", "footnotes": "Notas",
           "external": "(se abre en una pestaña nueva)", "glossary": "Glosario", "objectives": "En esta lección",
           "quiz_note": "(consulte el cuestionario «{title}» en este curso)",
           "lesson_note": "(consulte la lección «{title}» en este curso)",
           "glossary_note": "(consulte «{term}» en el glosario)"},
    "pt": {"note": "Nota", "tip": "Dica", "warning": "Atenção", "key": "Pontos-chave", "footnotes": "Notas",
           "external": "(abre numa nova aba)", "glossary": "Glossário", "objectives": "Nesta lição",
           "quiz_note": "(veja o questionário “{title}” neste curso)",
           "lesson_note": "(veja a lição “{title}” neste curso)",
           "glossary_note": "(veja “{term}” no glossário)"},
    "ar": {"note": "ملاحظة", "tip": "نصيحة", "warning": "تنبيه", "key": "النقاط الرئيسية", "footnotes": "ملاحظات",
           "external": "(يفتح في علامة تبويب جديدة)", "glossary": "مسرد المصطلحات", "objectives": "في هذا الدرس",
           "quiz_note": "(انظر الاختبار «{title}» في هذا المقرر)",
           "lesson_note": "(انظر الدرس «{title}» في هذا المقرر)",
           "glossary_note": "(انظر «{term}» في مسرد المصطلحات)"},
}

# The headings of a course's about page (the Open edX archive's about/overview.html).
_ABOUT = {
    "en": {"about": "About this course", "outcomes": "What you will learn", "audience": "Who this course is for",
           "authors": "Course team"},
    "fr": {"about": "À propos de ce cours", "outcomes": "Ce que vous apprendrez",
           "audience": "À qui s’adresse ce cours", "authors": "Équipe du cours"},
    "es": {"about": "Acerca de este curso", "outcomes": "Lo que aprenderá", "audience": "A quién va dirigido este curso",
           "authors": "Equipo del curso"},
    "pt": {"about": "Sobre este curso", "outcomes": "O que você vai aprender", "audience": "Para quem é este curso",
           "authors": "Equipe do curso"},
    "ar": {"about": "عن هذا المقرر", "outcomes": "ما ستتعلمه", "audience": "لمن هذا المقرر", "authors": "فريق المقرر"},
}
for _language, _words in _ABOUT.items():
    STRINGS[_language].update(_words)

# Audio and video, and files to download (builder/embeds.py): the transcript callout's label, the
# downloads list's heading, size units and the decimal separator sizes are written with.
_MEDIA = {
    "en": {"transcript": "Transcript", "downloads": "Downloads", "kb": "KB", "mb": "MB", "decimal": "."},
    "fr": {"transcript": "Transcription", "downloads": "Téléchargements", "kb": "Ko", "mb": "Mo", "decimal": ","},
    "es": {"transcript": "Transcripción", "downloads": "Descargas", "kb": "KB", "mb": "MB", "decimal": ","},
    "pt": {"transcript": "Transcrição", "downloads": "Downloads", "kb": "KB", "mb": "MB", "decimal": ","},
    "ar": {"transcript": "النص المكتوب", "downloads": "ملفات للتنزيل", "kb": "ك.ب", "mb": "م.ب", "decimal": "٫"},
}
for _language, _words in _MEDIA.items():
    STRINGS[_language].update(_words)

RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"})


def base_language(tag: str) -> str:
    return tag.split("-", 1)[0].lower()


def text_direction(tag: str) -> str:
    return "rtl" if base_language(tag) in RTL_LANGUAGES else "ltr"


def ui(tag: str, key: str) -> str:
    table = STRINGS.get(base_language(tag), STRINGS["en"])
    return table.get(key) or STRINGS["en"][key]
