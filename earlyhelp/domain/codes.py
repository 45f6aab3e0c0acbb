"""Statutory and national code lists, as data.

Each list is a tuple of ``(code, label)`` pairs, which Django accepts as ``choices`` and which
the domain rules use directly. Labels follow the Children in Need census 2025-26 specification
and the Supporting Families outcome framework; when a collection year changes a label, change it
here and the diff shows exactly what changed.
"""

from __future__ import annotations

COLLECTION_YEAR = "2025-26"

REFERRAL_SOURCES: tuple[tuple[str, str], ...] = (
    ("1A", "Individual: family member, relative or carer"),
    ("1B", "Individual: acquaintance"),
    ("1C", "Individual: self"),
    ("1D", "Individual: other"),
    ("2A", "Schools"),
    ("2B", "Education services"),
    ("3A", "Health services: GP"),
    ("3B", "Health services: health visitor"),
    ("3C", "Health services: school nurse"),
    ("3D", "Health services: other primary health services"),
    ("3E", "Health services: A&E"),
    ("3F", "Health services: other"),
    ("4", "Housing"),
    ("5A", "LA services: social care, for example adults"),
    ("5B", "LA services: other internal"),
    ("5C", "LA services: another local authority"),
    ("5D", "LA services: early help"),
    ("6", "Police"),
    ("7", "Other legal agency"),
    ("8", "Other: children's centres, voluntary organisations and others"),
    ("9", "Anonymous"),
    ("10", "Unknown"),
)

PRIMARY_NEEDS: tuple[tuple[str, str], ...] = (
    ("N1", "Abuse or neglect"),
    ("N2", "Child's disability"),
    ("N3", "Parental disability or illness"),
    ("N4", "Family in acute stress"),
    ("N5", "Family dysfunction"),
    ("N6", "Socially unacceptable behaviour"),
    ("N7", "Low income"),
    ("N8", "Absent parenting"),
    ("N9", "Cases other than children in need"),
    ("N0", "Not stated"),
)

ASSESSMENT_FACTORS: tuple[tuple[str, str], ...] = (
    ("1A", "Alcohol misuse: concerns about the child"),
    ("1B", "Alcohol misuse: concerns about the parent or carer"),
    ("1C", "Alcohol misuse: concerns about another person in the household"),
    ("2A", "Drug misuse: concerns about the child"),
    ("2B", "Drug misuse: concerns about the parent or carer"),
    ("2C", "Drug misuse: concerns about another person in the household"),
    ("3A", "Domestic abuse: concerns about the child"),
    ("3B", "Domestic abuse: concerns about the parent or carer"),
    ("3C", "Domestic abuse: concerns about another person in the household"),
    ("4A", "Mental health: concerns about the child"),
    ("4B", "Mental health: concerns about the parent or carer"),
    ("4C", "Mental health: concerns about another person in the household"),
    ("5A", "Learning disability: concerns about the child"),
    ("5B", "Learning disability: concerns about the parent or carer"),
    ("5C", "Learning disability: concerns about another person in the household"),
    ("6A", "Physical disability or illness: concerns about the child"),
    ("6B", "Physical disability or illness: concerns about the parent or carer"),
    ("6C", "Physical disability or illness: concerns about another person in the household"),
    ("7A", "Young carer"),
    ("8B", "Privately fostered: overseas child intending to return"),
    ("8C", "Privately fostered: overseas child intending to stay"),
    ("8D", "Privately fostered: UK child in education or training"),
    ("8E", "Privately fostered: UK child, parents' choice"),
    ("8F", "Privately fostered: other"),
    ("9A", "Unaccompanied asylum-seeking child"),
    ("10A", "Going or being missing"),
    ("11A", "Child sexual exploitation"),
    ("12A", "Trafficking"),
    ("13A", "Gangs"),
    ("14A", "Socially unacceptable behaviour"),
    ("15A", "Self-harm"),
    ("16A", "Neglect"),
    ("17A", "Emotional abuse"),
    ("18B", "Physical abuse: child on child"),
    ("18C", "Physical abuse: adult on child"),
    ("19B", "Sexual abuse: child on child"),
    ("19C", "Sexual abuse: adult on child"),
    ("20", "Other"),
    ("21", "No factors identified"),
    ("22A", "Female genital mutilation"),
    ("23A", "Abuse linked to faith or belief"),
    ("24A", "Child criminal exploitation"),
)

CLOSURE_REASONS_CIN: tuple[tuple[str, str], ...] = (
    ("RC1", "Adopted"),
    ("RC2", "Died"),
    ("RC3", "Child arrangements order"),
    ("RC4", "Special guardianship order"),
    ("RC5", "Transferred to another local authority"),
    ("RC6", "Transferred to adult social care"),
    ("RC7", "Services ceased for any other reason"),
    ("RC8", "Closed after assessment, no further action"),
    ("RC9", "Closed after assessment, referred to early help"),
)

CP_CATEGORIES: tuple[tuple[str, str], ...] = (
    ("NEG", "Neglect"),
    ("PHY", "Physical abuse"),
    ("SAB", "Sexual abuse"),
    ("EMO", "Emotional abuse"),
    ("MUL", "Multiple"),
)

SEX: tuple[tuple[str, str], ...] = (("M", "Male"), ("F", "Female"), ("U", "Unknown or not stated"))

ETHNICITY: tuple[tuple[str, str], ...] = (
    ("WBRI", "White: British"),
    ("WIRI", "White: Irish"),
    ("WIRT", "White: Traveller of Irish heritage"),
    ("WOTH", "White: any other White background"),
    ("WROM", "White: Gypsy or Roma"),
    ("MWBC", "Mixed: White and Black Caribbean"),
    ("MWBA", "Mixed: White and Black African"),
    ("MWAS", "Mixed: White and Asian"),
    ("MOTH", "Mixed: any other mixed background"),
    ("AIND", "Asian or Asian British: Indian"),
    ("APKN", "Asian or Asian British: Pakistani"),
    ("ABAN", "Asian or Asian British: Bangladeshi"),
    ("AOTH", "Asian or Asian British: any other Asian background"),
    ("BCRB", "Black or Black British: Caribbean"),
    ("BAFR", "Black or Black British: African"),
    ("BOTH", "Black or Black British: any other Black background"),
    ("CHNE", "Chinese"),
    ("OOTH", "Any other ethnic group"),
    ("REFU", "Refused"),
    ("NOBT", "Information not yet obtained"),
)

DISABILITY: tuple[tuple[str, str], ...] = (
    ("NONE", "No disability"),
    ("MOB", "Mobility"),
    ("HAND", "Hand function"),
    ("PC", "Personal care"),
    ("INC", "Incontinence"),
    ("COMM", "Communication"),
    ("LD", "Learning"),
    ("HEAR", "Hearing"),
    ("VIS", "Vision"),
    ("BEH", "Behaviour"),
    ("CON", "Consciousness"),
    ("AUT", "Autism or Asperger syndrome"),
    ("DDA", "Other disability under the Equality Act"),
)

SUPPORTING_FAMILIES_OUTCOMES: tuple[tuple[str, str], ...] = (
    ("SF1", "Getting a good education"),
    ("SF2", "Good early years development"),
    ("SF3", "Improved mental and physical health"),
    ("SF4", "Better managed substance use"),
    ("SF5", "Improved family relationships"),
    ("SF6", "Children safe from abuse and exploitation"),
    ("SF7", "Families diverted from crime"),
    ("SF8", "Safe from domestic abuse"),
    ("SF9", "Secure housing"),
    ("SF10", "Financial stability"),
)

# Early help closure reasons are local (the census does not cover early help); the list is the
# one the casework issue names. Stepped up maps to the census referral source 5D on the social
# care side.
EARLY_HELP_CLOSURE_REASONS: tuple[tuple[str, str], ...] = (
    ("needs_met", "Needs met"),
    ("step_down_universal", "Stepped down to universal services"),
    ("stepped_up", "Stepped up to children's social care"),
    ("consent_withdrawn", "Family withdrew consent"),
    ("moved_away", "Moved out of area"),
    ("other", "Other"),
)


def labels(codes: tuple[tuple[str, str], ...]) -> dict[str, str]:
    """Code to label lookup for one list."""
    return dict(codes)


def code_values(codes: tuple[tuple[str, str], ...]) -> frozenset[str]:
    return frozenset(code for code, _ in codes)
