"""What the matrix finds and this change could not fix, each marked xfail(strict) in its cases so the
mark must go the day the gap closes. Remove an entry once its cause is fixed."""

from __future__ import annotations

import pytest

CLASH_LIST = "/tmp/mnemonic-clashes.md"
ANY = "*"

# (check, language or ANY, text size or 0 for both, subject) → why it fails and whose it is to fix.
KNOWN_GAPS: dict[tuple[str, str, int, str], str] = {
    ("cut", "en", 200, "record/overview"):
        "record/overview.py (owned by the plan/access PDF work): a word-wrapped agenda label is 140 px "
        "high where its lines need 165",
    ("cut", "so", 200, "main/caseload"):
        "caseload_filters.py shrinks its combo boxes to 8 characters by design; in Somali at 200 % the "
        "choices are cut, and at full width the 2×2 filter grid needs 1752 px: needs a one-column layout",
    ("cut", "so", 100, "dialog/assessment"):
        "one rating combo box 1 px narrower than its least width in QFormLayout's wrapped rows",
}

# (language, subject) → the clash, for the translators (the list is in CLASH_LIST).
KNOWN_CLASHES: dict[tuple[str, str], str] = {
    ('ar', 'main/caseload'): "window: م: 'ال&مدرّب:' / '&ملف'",
    ('ar', 'main/employers'): "window: ع: 'التدريبات ال&عملية' / '&عرض'",
    ('ar', 'main/review'): "window: ع: 'إ&عادة الخطة إلى المدرّب' / '&عرض'",
    ('ar', 'main/settings'): "window: ع: 'تغيير &عبارة المرور…' / '&عرض'",
    ('ar', 'main/today'): "window: س: 'الأسبوع ال&سابق' / 'م&ساعدة'",
    ('ar', 'record/intake'): "window: ع: 'م&عالج القبول مع المشارك…' / 'نظرة &عامة'",
    ('ar', 'record/journal'): "window: م: 'تصحيح الملاحظة ال&محددة' / 'ال&مستندات'",
    ('ar', 'record/placements'): "window: ت: 'الا&تفاقية:' / 'ال&تدريبات العملية'",
    ('ar', 'wizard/education'): "window: ع: 'فتح &عرض المترجم' / 'أ&على مستوى تعليمي:'",
    ('ar', 'wizard/identity'): "window: ر: 'ال&رمز البريدي:' / '&رجوع'",
    ('ar', 'wizard/languages'): "window: ت: 'لغا&ت أخرى:' / 'ال&تالي'",
    ('fa_AF', 'main/employers'): "window: س: '&سکتور:' / 'ج&ستجو:'",
    ('fa_AF', 'main/review'): "window: ن: 'دوسیه\\u200cهای &ناقص' / '&نمایش'",
    ('fa_AF', 'main/settings'): "window: ف: '&فولدر معلومات:' / '&فایل'",
    ('fa_AF', 'record/documents'): "window: ک: 'ذخیرهٔ &کاپی به نام…' / '&کارآموزی\\u200cها'",
    ('fa_AF', 'record/goals'): "window: ه: 'اضافه کردن &هدف فرعی به هدف انتخاب\\u200cشده' / '&هدف\\u200cها'",
    ('fa_AF', 'record/placements'): "window: ت: '&تاریخ برگزاری پیگیری:' / '&تاریخ شروع:'",
    ('fa_AF', 'wizard/identity'): "window: ن: 'باز کردن &نمای ترجمان' / '&نام:'",
    ('fa_AF', 'wizard/languages'):
        "window: ز: '&زبانی که به اشتراک\\u200cکننده نشان داده می\\u200cشود:' / '&زبان ترجمان:'",
    ('fa_AF', 'wizard/referral'): "window: ب: 'در خارج &به دنیا آمده:' / '&بعدی'",
    ('so', 'dialog/assessment'): "window: q: 'La &qiimeeyey:' / '&Qoraal (ikhtiyaari):'",
    ('so', 'dialog/enrol'): "window: b: '&Barnaamij:' / 'Wuxuu &bilaabmayaa:'",
    ('so', 'main/dashboard'): "window: c: '&Cusboonaysii tirooyinka' / '&Caawimaad'",
    ('so', 'main/employers'): "window: b: 'Phone num&ber:' / '&Baahida xirfadaha:'",
    ('so', 'main/review'): "window: c: '&Cusboonaysii' / '&Caawimaad'",
    ('so', 'main/settings'): "window: c: '&Cabbirka qoraalka:' / '&Caawimaad'",
    ('so', 'record/documents'): "window: s: 'Ka &saar…' / 'Qaadasho iyo &sahamin'",
    ('so', 'record/exit'): "window: d: '&Diiwaangeli ka bixitaanka…' / '&Dukumentiyo'",
    ('so', 'record/goals'): "window: h: 'Ku dar hadaf-&hoosaad hadafka la doortay' / '&Hadafyo'",
    ('so', 'record/intake'):
        "Kooxda la beegsado iyo u-gudbinta: s: 'Waxaa &soo gudbiyey:' / '&Sannadka uu Iswiidhan yimid:'",
    ('so', 'record/journal'): "window: s: '&Sax qoraalka la doortay' / 'Qaadasho iyo &sahamin'",
    ('so', 'record/placements'): "window: b: 'Wuxuu &bilaabmayaa:' / 'Shaqo-&barasho'",
    ('so', 'wizard/access'): "window: n: '&Naafonimo yaraysa awoodda shaqo:' / 'Dib u &noqo'",
    ('so', 'wizard/identity'): "window: l: '&Luqadda loo muujinayo ka-qaybgalaha:' / '&Lambarka shakhsiga:'",
    ('so', 'wizard/languages'): "window: n: 'Luqadda turjumaa&nka:' / 'Dib u &noqo'",
    ('so', 'wizard/referral'): "window: s: 'Waxaa &soo gudbiyey:' / '&Sannadka uu Iswiidhan yimid:'",
    ('so', 'wizard/work'): "window: x: '&Xirfadaha aan rasmiga ahayn:' / '&Xiga'",
    ('sv', 'main/employers'): "window: b: '&Bransch:' / 'Phone num&ber:'",
    ('sv', 'record/goals'): "window: r: 'Målets &rubrik:' / 'O&rigin:'",
    ('sv', 'record/intake'): "Identitet och kontaktuppgifter: d: 'Fö&delsedatum:' / 'A&dress:'",
    ('sv', 'wizard/identity'): "window: d: 'Fö&delsedatum:' / 'A&dress:'",
    ('ti', 'main/employers'): "window: ሓ: 'ዝርዝር &ሓበሬታ' / '&ሓገዝ'",
    ('ti', 'main/today'): "window: ሓ: 'ዝ&ሓለፈ ሰሙን' / '&ሓገዝ'",
    ('ti', 'record/intake'): "window: ቕ: 'ስጉምቲ ብስጉምቲ ም&ቕባል ምስ ተሳታፊ…' / 'ም&ቕባልን ምጽናዕን'",
}


def mark_known(request: pytest.FixtureRequest, check: str, language: str, text_size: int,
               subject: str) -> None:
    """Mark the running test xfail(strict) when its case is a known gap."""
    for (known_check, known_language, known_size, known_subject), reason in KNOWN_GAPS.items():
        if (known_check == check and known_subject == subject and known_language in (ANY, language)
                and known_size in (0, text_size)):
            request.node.add_marker(pytest.mark.xfail(strict=True, reason=reason))
    if check == "mnemonics" and (language, subject) in KNOWN_CLASHES:
        clash = KNOWN_CLASHES[(language, subject)]
        request.node.add_marker(pytest.mark.xfail(
            strict=True, reason=f"translation clash {clash!r}: listed for the translators in {CLASH_LIST}"))
