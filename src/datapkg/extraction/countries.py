"""French names of states (as printed in French news) with their English name and ISO 3166-1 alpha-3 code.

Used to propose a state actor the registry does not hold yet, and to read capitals used for their state
("Moscou a annoncé"). General knowledge, not read from the corpus."""

from __future__ import annotations

# French name -> (English name, ISO3)
STATES: dict[str, tuple[str, str]] = {
    "Afghanistan": ("Afghanistan", "AFG"), "Afrique du Sud": ("South Africa", "ZAF"), "Albanie": ("Albania", "ALB"),
    "Algérie": ("Algeria", "DZA"), "Allemagne": ("Germany", "DEU"), "Arabie saoudite": ("Saudi Arabia", "SAU"),
    "Argentine": ("Argentina", "ARG"), "Arménie": ("Armenia", "ARM"), "Australie": ("Australia", "AUS"),
    "Autriche": ("Austria", "AUT"), "Azerbaïdjan": ("Azerbaijan", "AZE"), "Belgique": ("Belgium", "BEL"),
    "Biélorussie": ("Belarus", "BLR"), "Bélarus": ("Belarus", "BLR"), "Brésil": ("Brazil", "BRA"),
    "Bulgarie": ("Bulgaria", "BGR"), "Canada": ("Canada", "CAN"), "Chine": ("China", "CHN"), "Chypre": ("Cyprus", "CYP"),
    "Colombie": ("Colombia", "COL"), "Corée du Nord": ("North Korea", "PRK"), "Corée du Sud": ("South Korea", "KOR"),
    "Croatie": ("Croatia", "HRV"), "Cuba": ("Cuba", "CUB"), "Danemark": ("Denmark", "DNK"), "Égypte": ("Egypt", "EGY"),
    "Émirats arabes unis": ("United Arab Emirates", "ARE"), "Espagne": ("Spain", "ESP"), "Estonie": ("Estonia", "EST"),
    "États-Unis": ("United States", "USA"), "Etats-Unis": ("United States", "USA"), "Finlande": ("Finland", "FIN"),
    "France": ("France", "FRA"), "Géorgie": ("Georgia", "GEO"), "Grande-Bretagne": ("United Kingdom", "GBR"),
    "Royaume-Uni": ("United Kingdom", "GBR"), "Grèce": ("Greece", "GRC"), "Hongrie": ("Hungary", "HUN"),
    "Inde": ("India", "IND"), "Indonésie": ("Indonesia", "IDN"), "Irak": ("Iraq", "IRQ"), "Iran": ("Iran", "IRN"),
    "Irlande": ("Ireland", "IRL"), "Islande": ("Iceland", "ISL"), "Israël": ("Israel", "ISR"), "Italie": ("Italy", "ITA"),
    "Japon": ("Japan", "JPN"), "Jordanie": ("Jordan", "JOR"), "Kazakhstan": ("Kazakhstan", "KAZ"),
    "Lettonie": ("Latvia", "LVA"), "Liban": ("Lebanon", "LBN"), "Lituanie": ("Lithuania", "LTU"),
    "Luxembourg": ("Luxembourg", "LUX"), "Malte": ("Malta", "MLT"), "Maroc": ("Morocco", "MAR"),
    "Mexique": ("Mexico", "MEX"), "Moldavie": ("Moldova", "MDA"), "Monténégro": ("Montenegro", "MNE"),
    "Norvège": ("Norway", "NOR"), "Pakistan": ("Pakistan", "PAK"), "Pays-Bas": ("Netherlands", "NLD"),
    "Pologne": ("Poland", "POL"), "Portugal": ("Portugal", "PRT"), "Qatar": ("Qatar", "QAT"),
    "Roumanie": ("Romania", "ROU"), "Russie": ("Russia", "RUS"), "Serbie": ("Serbia", "SRB"),
    "Slovaquie": ("Slovakia", "SVK"), "Slovénie": ("Slovenia", "SVN"), "Suède": ("Sweden", "SWE"),
    "Suisse": ("Switzerland", "CHE"), "Syrie": ("Syria", "SYR"), "Taïwan": ("Taiwan", "TWN"),
    "Tchéquie": ("Czechia", "CZE"), "République tchèque": ("Czechia", "CZE"), "Turquie": ("Turkey", "TUR"),
    "Ukraine": ("Ukraine", "UKR"), "Venezuela": ("Venezuela", "VEN"), "Vatican": ("Holy See", "VAT"),
    "Vietnam": ("Vietnam", "VNM"), "Yémen": ("Yemen", "YEM"),
}

# Capitals that French news uses for the state's government ("Moscou a annoncé"): only read as the state in
# subject or attribution position ("selon Moscou"), never turned into aliases.
CAPITALS: dict[str, str] = {
    "Moscou": "RUS", "Washington": "USA", "Kiev": "UKR", "Kyiv": "UKR", "Pékin": "CHN", "Paris": "FRA",
    "Londres": "GBR", "Berlin": "DEU", "Téhéran": "IRN", "Ankara": "TUR", "Varsovie": "POL", "Budapest": "HUN",
}
