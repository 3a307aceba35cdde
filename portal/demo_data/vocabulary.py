"""The words demo records are made of: a topic tree, names, titles and places, most common first.

Lists whose order matters are drawn from with Zipf-like weights (see `Skewed` in draws.py): the first entries
come up often, the last rarely, as a few topics and countries dominate a real collection of agreements.
"""

from agreements.models import AgreementKind, AgreementStatus, EventKind

# Twelve broad topics of four subtopics each: sixty topics, the most used first.
TOPIC_TREE = {
    "Security": ["Border security", "Counter-narcotics", "Counter-terrorism", "Organized crime"],
    "Trade and customs": ["Customs", "Trade facilitation", "Tariffs", "Rules of origin"],
    "Migration": ["Asylum", "Labour migration", "Return and reintegration", "Human trafficking"],
    "Justice": ["Extradition", "Mutual legal assistance", "Anti-corruption", "Prison reform"],
    "Finance": ["Anti-money laundering", "Tax cooperation", "Development finance", "Debt relief"],
    "Health": ["Disease surveillance", "Vaccines", "Health workforce", "Medical supplies"],
    "Environment": ["Climate change", "Forests", "Water management", "Marine protection"],
    "Energy": ["Electricity interconnection", "Renewable energy", "Oil and gas", "Nuclear safety"],
    "Education": ["Scholarships", "Vocational training", "Academic exchange", "Language teaching"],
    "Transport": ["Civil aviation", "Maritime transport", "Road safety", "Ports"],
    "Technology": ["Cybersecurity", "Telecommunications", "Data protection", "Space cooperation"],
    "Agriculture": ["Food security", "Plant health", "Fisheries", "Rural development"],
}

# Countries most often party to agreements in a portal centred on the Americas; the rest follow in the list's order.
LEADING_COUNTRIES = ["US", "MX", "SV", "GT", "HN", "CO", "ES", "BR", "CA", "CR", "PA", "DO", "PE", "CL", "AR", "EC"]

# Organization kinds by how common they are among parties.
ORGANIZATION_KIND_WEIGHTS = {
    "agency": 30,
    "ministry": 20,
    "police": 10,
    "embassy": 9,
    "academy": 8,
    "ngo": 8,
    "government": 6,
    "intergovernmental": 5,
    "media": 2,
    "other": 2,
}

MINISTRIES = [
    "Foreign Affairs",
    "the Interior",
    "Justice",
    "Public Security",
    "Finance",
    "Defence",
    "Health",
    "Trade",
    "the Environment",
    "Education",
    "Labour",
    "Agriculture",
    "Energy",
    "Transport",
]

AGENCIES = [
    "Customs Service",
    "Migration Directorate",
    "Border Protection Agency",
    "Financial Intelligence Unit",
    "Coast Guard",
    "Drug Enforcement Agency",
    "Anti-Corruption Office",
    "Tax Administration",
    "Civil Aviation Authority",
    "Public Prosecutor's Office",
    "Statistics Institute",
    "Port Authority",
    "Food Safety Agency",
    "Cybersecurity Centre",
]

POLICE_FORCES = ["National Police", "Federal Police", "Gendarmerie", "Investigative Police", "Border Police"]

ACADEMIES = ["Law Enforcement Academy", "Customs Training Centre", "Diplomatic Academy", "Police College"]

FIELDS = ["Migration", "Security", "Development", "Health", "Justice", "Trade", "the Environment", "Human Rights"]

INTERNATIONAL_BODIES = ["Regional Organization", "International Centre", "Intergovernmental Commission", "Council"]

NGO_NAMES = ["Foundation", "Institute", "Network", "Alliance", "Observatory"]

MEDIA_NAMES = ["Herald", "Daily News", "Radio", "Press Agency", "Times"]

FIRST_NAMES = [
    "María",
    "José",
    "Ana",
    "Juan",
    "Carlos",
    "Laura",
    "John",
    "Sarah",
    "Luis",
    "Sofía",
    "Michael",
    "Elena",
    "David",
    "Carmen",
    "Jorge",
    "Claire",
    "Pierre",
    "Fatima",
    "Ahmed",
    "Mei",
    "Hiroshi",
    "Olga",
    "Rafael",
    "Gabriela",
    "Thomas",
    "Isabel",
    "Andrés",
    "Lucía",
    "Mark",
    "Paula",
]

LAST_NAMES = [
    "García",
    "Rodríguez",
    "Martínez",
    "Hernández",
    "López",
    "González",
    "Pérez",
    "Smith",
    "Johnson",
    "Williams",
    "Brown",
    "Ramírez",
    "Flores",
    "Morales",
    "Castillo",
    "Dubois",
    "Müller",
    "Rossi",
    "Silva",
    "Santos",
    "Kattán",
    "Cucalón",
    "Miller",
    "Nguyen",
    "Tanaka",
    "Ivanova",
    "Haddad",
    "Okafor",
    "Mendoza",
    "Vargas",
]

POSITION_TITLES = [
    "Director General",
    "Minister",
    "Deputy Minister",
    "Ambassador",
    "Commissioner",
    "Acting Commissioner",
    "Head of International Cooperation",
    "Chief of Staff",
    "Attorney General",
    "Director",
    "Legal Adviser",
    "Consul General",
]

AUDIENCES = [
    "Customs officers",
    "Border police",
    "Prosecutors and judges",
    "Migration officials",
    "Financial analysts",
    "Diplomats",
    "Health inspectors",
    "Coast guard crews",
]

PUBLISHERS = [
    "Official Gazette",
    "Ministry of Foreign Affairs",
    "Treaty Office",
    "Press office",
    "Regional news agency",
    "Parliamentary record",
]

AGREEMENT_KIND_WEIGHTS = {
    AgreementKind.MOU: 30,
    AgreementKind.EXECUTIVE_AGREEMENT: 20,
    AgreementKind.TREATY: 12,
    AgreementKind.INFORMATION_SHARING: 10,
    AgreementKind.LETTER_OF_INTENT: 10,
    AgreementKind.CMAA: 8,
    AgreementKind.OTHER: 10,
}
AGREEMENT_STATUS_WEIGHTS = {
    AgreementStatus.IN_FORCE: 45,
    AgreementStatus.EXPIRED: 15,
    AgreementStatus.SIGNED: 12,
    AgreementStatus.TERMINATED: 6,
    AgreementStatus.NEGOTIATING: 5,
    AgreementStatus.SUSPENDED: 3,
}
EVENT_KIND_WEIGHTS = {
    EventKind.MEETING: 35,
    EventKind.VISIT: 20,
    EventKind.TRAINING: 15,
    EventKind.ANNOUNCEMENT: 15,
    EventKind.SIGNING: 10,
    EventKind.OTHER: 5,
}
EVENT_TITLES = {
    EventKind.MEETING: "Meeting on {topic} in {country}",
    EventKind.VISIT: "Official visit of {person} to {country}",
    EventKind.TRAINING: "Training on {topic} in {country}",
    EventKind.ANNOUNCEMENT: "Announcement on {topic}",
    EventKind.SIGNING: "Signing ceremony in {country}",
    EventKind.OTHER: "Conference on {topic} in {country}",
}
# An agreement's short name: the kind's abbreviation and the year ("MOU 2012").
SHORT_NAMES = {
    AgreementKind.TREATY: "TR",
    AgreementKind.EXECUTIVE_AGREEMENT: "EA",
    AgreementKind.CMAA: "CMAA",
    AgreementKind.MOU: "MOU",
    AgreementKind.INFORMATION_SHARING: "ISA",
    AgreementKind.LETTER_OF_INTENT: "LOI",
    AgreementKind.OTHER: "AGR",
}
