"""Short texts for the synthetic records, in the words practitioners and families use.

None of it is about a real family: each phrase is picked and combined at random.
"""

from __future__ import annotations

# Supporting Families outcome area -> how a referrer describes it.
REFERRER_SAYS: dict[str, tuple[str, ...]] = {
    "SF1": (
        "Attendance has dropped to below 85% this term and {child} is often late.",
        "{child} has been excluded twice for fixed periods and is struggling in lessons.",
        "{child} is refusing to go to school most mornings; mum cannot get them through the gate.",
        "School are worried {child} is falling behind and seems tired and withdrawn.",
    ),
    "SF2": (
        "{child}'s speech is behind for their age and the family missed the two-year review.",
        "Health visitor concerned about {child}'s development and the home routine.",
        "{child} has not started at nursery despite a funded place.",
    ),
    "SF3": (
        "Mum has told us she is struggling with low mood and anxiety and is not sleeping.",
        "{child} has been self-harming and is on the CAMHS waiting list.",
        "Dad has a long-term illness and the children are helping with his care.",
        "{child} has missed several hospital appointments for a health condition.",
    ),
    "SF4": (
        "Concerns about parental drinking, particularly at weekends.",
        "{child} has been found with cannabis in school twice this month.",
        "Dad is in recovery from drug use and the family would like support.",
    ),
    "SF5": (
        "Lots of arguments at home; {child} says they do not want to go home.",
        "Parents have separated and contact arrangements are causing conflict.",
        "Mum is finding {child}'s behaviour at home very hard to manage.",
    ),
    "SF6": (
        "{child} has been going missing overnight and returning with new clothes and phones.",
        "{child} arrived at school hungry and in the same clothes all week.",
        "Worried {child} is being groomed online; messages from an older male seen by staff.",
        "Bruise noted on {child}'s arm; explanation given was inconsistent.",
    ),
    "SF7": (
        "{child} was arrested for shoplifting with older peers.",
        "Police called to anti-social behaviour involving {child} on the estate.",
        "Older sibling recently released from custody and living at home.",
    ),
    "SF8": (
        "Police attended a domestic incident at the address; children present.",
        "Mum has disclosed controlling behaviour from her partner.",
        "Repeat domestic abuse incidents; a risk assessment scored medium.",
    ),
    "SF9": (
        "The family have been served notice by their landlord and may be homeless.",
        "Family living in one room in temporary accommodation.",
        "Damp and overcrowding at the home are affecting the children's health.",
    ),
    "SF10": (
        "The family have rent arrears and have used the food bank three times.",
        "Benefits have been stopped and the family have no money for gas and electric.",
        "Mum has debts and is worried about bailiffs.",
    ),
}

FAMILY_WANTS = (
    "Mum would like help with routines and bedtimes.",
    "The family want someone to talk to school with them.",
    "Dad would like support to manage money and the debts.",
    "Mum wants help to keep the children safe and to feel less alone.",
    "They would like help to get {child} back into school.",
    "The family asked for help finding somewhere safe to live.",
    "{child} wants someone to talk to who is not a teacher.",
    "The parents want help to stop arguing in front of the children.",
)

RATIONALE = {
    "advice": (
        "Needs are being met by universal services; advice given and the family signposted to the family hub.",
        "Information only: school already supporting; no further role for the front door.",
    ),
    "single_agency": (
        "One need that school can meet with its own pastoral support; school to lead.",
        "Health visitor to continue support; needs within one agency's remit.",
    ),
    "targeted_early_help": (
        "Several needs across the family that no single agency can meet: Early Help Assessment and TAF.",
        "Needs are complex and escalating; the family have consented to a lead practitioner and a plan.",
        "Third contact this year with the same worries: a co-ordinated early help plan is needed.",
    ),
    "social_care": (
        "Concern that the child is suffering or likely to suffer significant harm: referral to social care.",
        "Threshold for statutory assessment met after consultation with the duty social worker.",
    ),
    "nfa": (
        "No role for services: the concern was resolved before the decision.",
        "Family have moved out of the area; information passed to the new authority.",
    ),
}

OVERRIDE = {
    "targeted_early_help": "Repeated requests this year: a co-ordinated plan is needed even though each need is small.",
    "single_agency": "The family asked for school support only; we will look again if nothing changes.",
    "social_care": "Threshold discussion with the duty social worker: the pattern of concerns meets it.",
    "advice": "The family already have the help they need from their health visitor.",
    "nfa": "The family have moved away; their new local authority has been told.",
    "early_help_not_social_care": "Consultation with social care: threshold not met, early help agreed.",
}

ADVICE_GIVEN = (
    "Signposted to the family hub's parenting course.",
    "Given the number for the debt advice line and the food bank.",
    "Advised school to continue their pastoral plan and re-refer if things do not improve.",
    "Information passed to the family's lead practitioner.",
    "Information passed to the allocated social worker.",
)

NOTES = (
    "Home visit: met with mum and the children. The house was warm and tidy; mum said the week had been better.",
    "Phone call with mum to arrange the next visit; she had a hospital appointment so we moved it.",
    "Spoke to school: attendance up to 91% this half term.",
    "Visited with the money mentor; went through the bills and set up a budget together.",
    "Direct work with {child} on feelings using the worry jar; {child} drew their family.",
    "Mum cancelled today's visit. Text sent offering another time.",
    "Joint visit with the health visitor. Baby is feeding well.",
    "Supervision discussion: progress on the plan, agreed to keep the case open for a further month.",
    "Called the housing officer about the repairs; they will visit on Thursday.",
    "Took {child} to the youth club taster session; they want to go again.",
)

PLAN_WORRIED = (
    "{child} is missing school and mum is worn out.",
    "The arguing at home is frightening the children.",
    "Money is so tight the family sometimes go without meals.",
    "{child} is angry a lot of the time and mum does not know what to do.",
    "The family could lose their home.",
)
PLAN_GOING_WELL = (
    "Mum loves the children and wants things to change.",
    "{child} has a good relationship with their teacher.",
    "Grandma helps with the school run.",
    "The family came to every meeting.",
)
PLAN_NEEDS = (
    "A morning routine that gets {child} to school on time.",
    "Help with debts and a budget the family can keep to.",
    "Support for mum's mental health through her GP.",
    "A safe plan for when things get heated at home.",
    "{child} to have someone to talk to each week.",
)
FAMILY_WORDS = (
    "We want to be a family that laughs more than we shout.",
    "I want to get my kids to school without a fight.",
    "We want to stay in our house.",
    "I just want someone on our side.",
)

ACTIONS = (
    ("Walk {child} to school every morning for two weeks", "family"),
    ("Make an appointment with the GP about low mood", "family"),
    ("Refer to the money advice service", "worker"),
    ("Attend the parenting course at the family hub", "family"),
    ("Set up a pastoral check-in for {child}", "agency"),
    ("Apply for the household support fund", "worker"),
    ("Complete a safety plan with mum", "worker"),
    ("Chase the housing repair", "agency"),
    ("Book a school nurse drop-in for {child}", "agency"),
    ("Try the bedtime chart for a month", "family"),
)

CLOSURE_SUMMARY = (
    "The family's plan is complete: {child} is back in school and mum feels more confident.",
    "Things are calmer at home; the family know where to go if they need help again.",
    "Most of the plan achieved; school will keep supporting {child}.",
    "The family moved before the plan was finished; their new area has been told.",
)

STEP_UP_REASONS = (
    "Escalating concerns about neglect despite the plan: the children are often hungry and unsupervised.",
    "New disclosure of domestic abuse with the children present; risk now high.",
    "{child} is missing overnight repeatedly and there are signs of criminal exploitation.",
    "Mum has stopped engaging and the concerns about the home conditions have grown.",
)

SOCIAL_CARE_SUMMARY = (
    "Single assessment completed. Risks reduced after a safety plan; the family need help with routines, "
    "school attendance and money. Closing to early help with the family's agreement.",
    "Child in need plan ended: domestic abuse risk reduced after the perpetrator left. Mum would like "
    "support to rebuild routines and the children's confidence.",
    "Child protection plan ended after twelve months of progress. Early help to support the family to "
    "keep the changes going.",
)

FEEDBACK_HELPED = (
    "Having someone who listened and did what they said.",
    "Help with the bills and school.",
    "Our worker came to the meetings with us.",
    "The kids loved the youth club.",
)
FEEDBACK_BETTER = (
    "It took a long time for someone to be allocated.",
    "Too many meetings.",
    "",
    "Changing worker halfway through.",
)

REASON_FOR_FALL = (
    "Money worries came back after benefits changed.",
    "A difficult month after the court hearing.",
    "{child} was excluded again this term.",
    "The family's honest view now they know us better.",
)
