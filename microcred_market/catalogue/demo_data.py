"""Demonstration catalogue: universities, qualifications and micro-credential offerings.

Pure data for seeding a demonstration catalogue. Offerings follow the EU micro-credential
standard elements (ECTS, EQF/NQF level, ISCED-F field, assessment, supervision and
identity check, participation form, quality assurance). Polish universities price in
PLN and state the Polish Qualifications Framework (PRK) level; others price in EUR.
Amounts are in minor units (grosze / cents). ESCO skill URIs are illustrative.
"""

from __future__ import annotations

from datetime import date

UNIVERSITIES: list[dict] = [
    {
        "slug": "uniwersytet-warszawski",
        "name": "Uniwersytet Warszawski",
        "country_code": "PL",
        "city": "Warszawa",
        "website": "https://www.uw.edu.pl",
        "quality_assurance": (
            "Internal quality assurance of the University of Warsaw; institution "
            "accredited by the Polish Accreditation Committee (PKA)."
        ),
        "description": (
            "The largest public university in Poland, founded in 1816, with strong "
            "programmes in law, social sciences, mathematics and computer science. Its "
            "Centre for Open Multimedia Education and faculties run short courses for "
            "working adults in Polish and English."
        ),
        "approved": True,
    },
    {
        "slug": "politechnika-gdanska",
        "name": "Politechnika Gdańska",
        "country_code": "PL",
        "city": "Gdańsk",
        "website": "https://pg.edu.pl",
        "quality_assurance": (
            "Internal quality assurance system of Gdańsk University of Technology; "
            "programmes evaluated by the Polish Accreditation Committee (PKA)."
        ),
        "description": (
            "A leading technical university on the Baltic coast, known for engineering, "
            "energy, civil engineering and ICT. Its continuing education centre offers "
            "practice-oriented micro-credentials developed with regional industry."
        ),
        "approved": True,
    },
    {
        "slug": "uek-krakow",
        "name": "Uniwersytet Ekonomiczny w Krakowie",
        "country_code": "PL",
        "city": "Kraków",
        "website": "https://uek.krakow.pl",
        "quality_assurance": (
            "Internal quality assurance of the Krakow University of Economics; "
            "institution evaluated by the Polish Accreditation Committee (PKA)."
        ),
        "description": (
            "One of the largest economics and business universities in Central Europe. It "
            "offers short programmes in management, accounting, finance, marketing and "
            "logistics designed for professionals who study alongside work."
        ),
        "approved": True,
    },
    {
        "slug": "tu-delft",
        "name": "TU Delft",
        "country_code": "NL",
        "city": "Delft",
        "website": "https://www.tudelft.nl",
        "quality_assurance": (
            "Institutional quality assurance of TU Delft; institution accredited by the "
            "Accreditation Organisation of the Netherlands and Flanders (NVAO)."
        ),
        "description": (
            "The oldest and largest technical university in the Netherlands, with "
            "world-class research in engineering, architecture and applied sciences. Its "
            "Extension School offers online and blended courses for professionals."
        ),
        "approved": True,
    },
    {
        "slug": "universidad-de-salamanca",
        "name": "Universidad de Salamanca",
        "country_code": "ES",
        "city": "Salamanca",
        "website": "https://www.usal.es",
        "quality_assurance": (
            "Internal quality assurance system of the University of Salamanca; programmes "
            "verified by the Spanish quality agencies ANECA and ACSUCYL."
        ),
        "description": (
            "Founded in 1218, one of the oldest universities in Europe and a reference "
            "centre for the teaching of Spanish as a foreign language. It offers lifelong "
            "learning courses in law, business, education and tourism."
        ),
        "approved": True,
    },
    {
        "slug": "tu-muenchen",
        "name": "Technische Universität München",
        "country_code": "DE",
        "city": "München",
        "website": "https://www.tum.de",
        "quality_assurance": (
            "Internal quality management of the Technical University of Munich; system "
            "accreditation under the rules of the German Accreditation Council."
        ),
        "description": (
            "A leading European technical university with strengths in engineering, "
            "natural sciences, informatics and management. Its Institute for LifeLong "
            "Learning offers certificate courses for engineers and managers."
        ),
        "approved": True,
    },
    {
        "slug": "vilniaus-universitetas",
        "name": "Vilniaus universitetas",
        "country_code": "LT",
        "city": "Vilnius",
        "website": "https://www.vu.lt",
        "quality_assurance": (
            "Internal quality assurance of Vilnius University; institution accredited by "
            "the Centre for Quality Assessment in Higher Education (SKVC)."
        ),
        "description": (
            "The oldest and largest university in Lithuania, founded in 1579. It offers "
            "short courses in informatics, cybersecurity, health sciences and Lithuanian "
            "language and culture."
        ),
        "approved": True,
    },
    {
        "slug": "universidade-do-porto",
        "name": "Universidade do Porto",
        "country_code": "PT",
        "city": "Porto",
        "website": "https://www.up.pt",
        "quality_assurance": (
            "Internal quality assurance of the University of Porto; institution "
            "accredited by the Agency for Assessment and Accreditation of Higher "
            "Education (A3ES)."
        ),
        "description": (
            "One of the largest universities in Portugal, with fourteen faculties "
            "covering engineering, health, economics and the humanities. Its continuing "
            "education programme serves professionals across the north of Portugal."
        ),
        "approved": True,
    },
]

QUALIFICATIONS: list[dict] = [
    {
        "slug": "data-analytics-professional",
        "title": "Data Analytics Professional Certificate",
        "eqf_level": 6,
        "ects_required": "15",
        "description": (
            "A stackable certificate for professionals who prepare, analyse and present "
            "data to support decisions. It combines programming in Python, SQL, "
            "statistics and data visualisation, and can be built from courses at several "
            "partner universities."
        ),
        "language": "en",
        "universities": ["tu-delft", "uniwersytet-warszawski", "vilniaus-universitetas"],
    },
    {
        "slug": "menedzer-projektow",
        "title": "Certyfikat: Menedżer projektów",
        "eqf_level": 6,
        "ects_required": "12",
        "description": (
            "Certyfikat potwierdzający kompetencje w planowaniu, prowadzeniu i "
            "rozliczaniu projektów metodami klasycznymi i zwinnymi. Obejmuje zarządzanie "
            "ryzykiem, komunikację w zespole oraz możliwość potwierdzenia wcześniejszego "
            "doświadczenia zawodowego."
        ),
        "language": "pl",
        "universities": ["uek-krakow", "politechnika-gdanska"],
    },
    {
        "slug": "sustainable-energy-specialist",
        "title": "Sustainable Energy Specialist",
        "eqf_level": 7,
        "ects_required": "20",
        "description": (
            "An advanced qualification for engineers and planners working on the energy "
            "transition. It covers photovoltaics, offshore wind, energy storage, smart "
            "grids and EU energy policy, with courses offered jointly by three technical "
            "universities."
        ),
        "language": "en",
        "universities": ["tu-muenchen", "tu-delft", "politechnika-gdanska"],
    },
    {
        "slug": "digital-marketing-diploma",
        "title": "Digital Marketing Diploma",
        "eqf_level": 5,
        "ects_required": "12",
        "description": (
            "A practical diploma in digital marketing covering search engine "
            "optimisation, social media, content marketing, web analytics and e-commerce. "
            "Courses are available in Polish, Spanish and Portuguese and stack into one "
            "award."
        ),
        "language": "en",
        "universities": ["uek-krakow", "universidad-de-salamanca", "universidade-do-porto"],
    },
    {
        "slug": "cybersecurity-foundations",
        "title": "Cybersecurity Foundations",
        "eqf_level": 5,
        "ects_required": "10",
        "description": (
            "A foundation-level qualification in information security for IT staff and "
            "technical professionals. It covers threats and controls, network security, "
            "secure software development and incident response."
        ),
        "language": "en",
        "universities": ["politechnika-gdanska", "vilniaus-universitetas", "tu-muenchen"],
    },
    {
        "slug": "specjalista-rachunkowosci-i-podatkow",
        "title": "Certyfikat: Specjalista ds. rachunkowości i podatków",
        "eqf_level": 6,
        "ects_required": "10",
        "description": (
            "Certyfikat dla osób pracujących w działach finansowych i biurach "
            "rachunkowych. Łączy rachunkowość finansową, podatki, controlling oraz "
            "międzynarodowe standardy sprawozdawczości finansowej."
        ),
        "language": "pl",
        "universities": ["uek-krakow", "uniwersytet-warszawski"],
    },
]

OFFERINGS: list[dict] = [
    {
        "slug": "uw-analiza-danych-python",
        "university": "uniwersytet-warszawski",
        "title": "Analiza danych w języku Python",
        "summary": (
            "Praktyczny kurs analizy danych z użyciem bibliotek pandas, NumPy i "
            "matplotlib, oparty na rzeczywistych zbiorach danych publicznych."
        ),
        "description": (
            "Kurs prowadzi od wczytania i czyszczenia danych, przez ich przekształcanie i "
            "łączenie, aż po wizualizację wyników. Uczestnicy pracują w notatnikach "
            "Jupyter na danych z GUS i Eurostatu. Zajęcia odbywają się online w formie "
            "cotygodniowych warsztatów na żywo z nagraniami. Zaliczenie polega na "
            "przygotowaniu własnego projektu analitycznego z raportem."
        ),
        "learning_outcomes": [
            (
                "Uczestnik potrafi wczytać, oczyścić i przekształcić dane tabelaryczne w "
                "bibliotece pandas."
            ),
            "Uczestnik potrafi łączyć i agregować dane z wielu źródeł.",
            "Uczestnik potrafi przygotować czytelne wykresy i interpretować je w raporcie.",
            "Uczestnik potrafi zaplanować i udokumentować powtarzalną analizę danych.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/ab2f9987-b48c-5ddc-b426-8b8d182a9e71",
                "label": "Python (computer programming)",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/5a75f4a2-48ee-571f-9762-34dcd4c900ed",
                "label": "perform data analysis",
            },
        ],
        "ects": "5",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0688",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "project",
        "supervision": "unsupervised-no-id",
        "prerequisites": "Podstawowa znajomość programowania w dowolnym języku.",
        "quality_assurance": "",
        "price_minor": 149000,
        "currency": "PLN",
        "start_date": date(2027, 2, 1),
        "end_date": date(2027, 5, 31),
        "self_paced": False,
        "seat_capacity": 60,
        "featured": True,
        "status": "published",
        "qualifications": ["data-analytics-professional"],
    },
    {
        "slug": "uw-big-data-wizualizacja",
        "university": "uniwersytet-warszawski",
        "title": "Big Data i wizualizacja danych",
        "summary": (
            "Kurs hybrydowy o przetwarzaniu dużych zbiorów danych w Apache Spark i "
            "budowie interaktywnych wizualizacji dla odbiorców biznesowych."
        ),
        "description": (
            "Uczestnicy poznają architekturę systemów Big Data oraz przetwarzanie "
            "rozproszone w Apache Spark. Druga część kursu poświęcona jest projektowaniu "
            "czytelnych wizualizacji i pulpitów menedżerskich. Zajęcia online przeplatają "
            "się z trzema sobotnimi warsztatami w kampusie przy Krakowskim Przedmieściu. "
            "Kurs kończy się projektem zespołowym na dużym zbiorze danych."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi wyjaśnić architekturę rozproszonego przetwarzania danych.",
            "Uczestnik potrafi przetwarzać duże zbiory danych w Apache Spark.",
            "Uczestnik potrafi zaprojektować interaktywny pulpit dla odbiorcy biznesowego.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/83ddd17a-fc24-59f5-baef-08d001503e0a",
                "label": "deliver visual presentation of data",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/eeeba698-7016-503d-8807-ef54608caf37",
                "label": "big data",
            },
        ],
        "ects": "4",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0688",
        "language": "pl",
        "participation_form": "blended",
        "assessment_type": "project",
        "supervision": "supervised-no-id",
        "prerequisites": "Znajomość podstaw języka Python lub SQL.",
        "quality_assurance": "",
        "price_minor": 129000,
        "currency": "PLN",
        "start_date": date(2027, 3, 6),
        "end_date": date(2027, 6, 19),
        "self_paced": False,
        "seat_capacity": 40,
        "featured": False,
        "status": "published",
        "qualifications": ["data-analytics-professional"],
    },
    {
        "slug": "uw-statystyka-stosowana",
        "university": "uniwersytet-warszawski",
        "title": "Statystyka stosowana w badaniach społecznych",
        "summary": (
            "Samodzielny kurs online z metod statystycznych używanych w badaniach "
            "ankietowych i ewaluacyjnych, z ćwiczeniami w programie R."
        ),
        "description": (
            "Kurs obejmuje statystykę opisową, wnioskowanie statystyczne, testy "
            "istotności oraz regresję liniową i logistyczną. Każdy moduł zawiera krótkie "
            "wykłady wideo, ćwiczenia w R i quizy sprawdzające. Kurs jest przeznaczony "
            "dla pracowników administracji, organizacji pozarządowych i firm badawczych. "
            "Zaliczenie odbywa się w formie testu online z weryfikacją tożsamości."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi dobrać właściwą miarę statystyczną do rodzaju danych.",
            "Uczestnik potrafi przeprowadzić i zinterpretować test istotności.",
            "Uczestnik potrafi zbudować i ocenić prosty model regresji.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/4996f930-a9cc-5356-ba14-2ebd06f083cb",
                "label": "statistics",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/6ab03e38-665e-5609-9241-11f7428d25d4",
                "label": "apply statistical analysis techniques",
            },
        ],
        "ects": "4",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0542",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "supervised-online-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 89000,
        "currency": "PLN",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "uw-rodo-prawo-ue",
        "university": "uniwersytet-warszawski",
        "title": "Ochrona danych osobowych w prawie Unii Europejskiej (RODO)",
        "summary": (
            "Kurs dla inspektorów ochrony danych i prawników o stosowaniu RODO, "
            "orzecznictwie TSUE i decyzjach Prezesa UODO."
        ),
        "description": (
            "Kurs omawia zasady przetwarzania danych osobowych, podstawy prawne, prawa "
            "osób, których dane dotyczą, oraz obowiązki administratorów. Szczególny "
            "nacisk położono na analizę orzeczeń Trybunału Sprawiedliwości UE i decyzji "
            "organów nadzorczych. Uczestnicy rozwiązują kazusy z sektora publicznego i "
            "prywatnego. Kurs kończy się egzaminem ustnym online przed komisją."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi ocenić zgodność procesu przetwarzania danych z RODO.",
            "Uczestnik potrafi przeprowadzić ocenę skutków dla ochrony danych.",
            "Uczestnik potrafi zastosować orzecznictwo TSUE do rozwiązania kazusu.",
            "Uczestnik potrafi przygotować rekomendacje dla administratora danych.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/d73b6d53-6f7a-5995-8aac-41fb33e0b562",
                "label": "data protection",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/ac36ed67-b946-5927-9165-c25199556cde",
                "label": "comply with legal regulations",
            },
        ],
        "ects": "3",
        "eqf_level": 7,
        "nqf_level": 7,
        "nqf_framework": "PRK",
        "isced_f_code": "0421",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "oral",
        "supervision": "supervised-online-id",
        "prerequisites": (
            "Wykształcenie prawnicze lub co najmniej rok doświadczenia w ochronie danych."
        ),
        "quality_assurance": "",
        "price_minor": 119000,
        "currency": "PLN",
        "start_date": date(2027, 1, 11),
        "end_date": date(2027, 3, 22),
        "self_paced": False,
        "seat_capacity": 80,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "uw-eu-internal-market-law",
        "university": "uniwersytet-warszawski",
        "title": "EU Internal Market Law for Practitioners",
        "summary": (
            "An advanced course on the free movement of goods, services, persons and "
            "capital, taught in English at the Faculty of Law and Administration."
        ),
        "description": (
            "The course examines the four freedoms of the EU internal market through the "
            "case law of the Court of Justice. Participants analyse how national rules "
            "are tested against EU law and how infringement and preliminary reference "
            "procedures work in practice. Online seminars are combined with two intensive "
            "weekends in Warsaw. The course ends with an oral examination before two "
            "examiners."
        ),
        "learning_outcomes": [
            "Learner can identify restrictions on the four freedoms in national legislation.",
            "Learner can apply the proportionality test used by the Court of Justice.",
            "Learner can draft a legal opinion on compliance with internal market law.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/90279353-fa43-510c-a5fe-644662cce41b",
                "label": "European Union law",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/461cf153-1930-56b4-b53f-f65e3ae5fada",
                "label": "provide legal advice",
            },
        ],
        "ects": "5",
        "eqf_level": 7,
        "nqf_level": 7,
        "nqf_framework": "PRK",
        "isced_f_code": "0421",
        "language": "en",
        "participation_form": "blended",
        "assessment_type": "oral",
        "supervision": "supervised-onsite-id",
        "prerequisites": (
            "A law degree or equivalent professional experience; English at level B2 or higher."
        ),
        "quality_assurance": "",
        "price_minor": 159000,
        "currency": "PLN",
        "start_date": date(2027, 3, 1),
        "end_date": date(2027, 6, 14),
        "self_paced": False,
        "seat_capacity": 30,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "uw-komunikacja-zespol-projektowy",
        "university": "uniwersytet-warszawski",
        "title": "Komunikacja i przywództwo w zespole projektowym",
        "summary": (
            "Warsztaty stacjonarne rozwijające umiejętności przywódcze, prowadzenia "
            "spotkań i rozwiązywania konfliktów w zespołach projektowych."
        ),
        "description": (
            "Kurs składa się z sześciu sobotnich warsztatów prowadzonych przez "
            "psychologów i praktyków zarządzania. Uczestnicy ćwiczą udzielanie informacji "
            "zwrotnej, prowadzenie trudnych rozmów i moderowanie spotkań. Każde zajęcia "
            "kończą się symulacją sytuacji z życia zespołu projektowego. Zaliczenie "
            "polega na wykonaniu zadania praktycznego ocenianego przez prowadzącego."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi udzielić konstruktywnej informacji zwrotnej członkowi zespołu.",
            "Uczestnik potrafi poprowadzić efektywne spotkanie projektowe.",
            "Uczestnik potrafi rozpoznać źródła konfliktu i zaproponować jego rozwiązanie.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/9ebbfe9e-0676-5d94-a20b-3697cddc8311",
                "label": "lead a team",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/be65204a-b504-56d2-b21f-9e98b9e75909",
                "label": "manage conflicts",
            },
        ],
        "ects": "2.5",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0413",
        "language": "pl",
        "participation_form": "onsite",
        "assessment_type": "practical",
        "supervision": "supervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 99000,
        "currency": "PLN",
        "start_date": date(2027, 4, 17),
        "end_date": date(2027, 5, 29),
        "self_paced": False,
        "seat_capacity": 24,
        "featured": False,
        "status": "published",
        "qualifications": ["menedzer-projektow"],
    },
    {
        "slug": "uw-mssf",
        "university": "uniwersytet-warszawski",
        "title": "Międzynarodowe standardy sprawozdawczości finansowej (MSSF)",
        "summary": (
            "Kurs online przygotowujący do stosowania MSSF w sprawozdaniach finansowych "
            "spółek i grup kapitałowych."
        ),
        "description": (
            "Kurs omawia najważniejsze standardy MSSF, w tym MSSF 9, MSSF 15 i MSSF 16, "
            "oraz różnice względem ustawy o rachunkowości. Materiały obejmują wykłady "
            "wideo, studia przypadków polskich spółek giełdowych i zadania obliczeniowe. "
            "Uczestnik sam ustala tempo nauki. Zaliczenie odbywa się w formie testu "
            "online z weryfikacją tożsamości."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi ująć przychody zgodnie z MSSF 15.",
            "Uczestnik potrafi wycenić instrumenty finansowe według MSSF 9.",
            "Uczestnik potrafi wskazać różnice między MSSF a polską ustawą o rachunkowości.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/09c1bb38-ed12-5bee-95ac-c005b2724010",
                "label": "international financial reporting standards",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/ee0b85f0-7eb2-514a-ac1c-ed45c769e9fb",
                "label": "prepare financial statements",
            },
        ],
        "ects": "3",
        "eqf_level": 7,
        "nqf_level": 7,
        "nqf_framework": "PRK",
        "isced_f_code": "0411",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "supervised-online-id",
        "prerequisites": "Znajomość podstaw rachunkowości finansowej.",
        "quality_assurance": "",
        "price_minor": 109000,
        "currency": "PLN",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": ["specjalista-rachunkowosci-i-podatkow"],
    },
    {
        "slug": "uw-dydaktyka-cyfrowa",
        "university": "uniwersytet-warszawski",
        "title": "Nowoczesne metody dydaktyczne z wykorzystaniem narzędzi cyfrowych",
        "summary": (
            "Kurs dla nauczycieli szkół i wykładowców o projektowaniu angażujących zajęć "
            "z użyciem narzędzi cyfrowych i metod aktywizujących."
        ),
        "description": (
            "Uczestnicy poznają metody odwróconej klasy, nauczania opartego na projektach "
            "i oceniania kształtującego. Kurs pokazuje, jak dobierać narzędzia cyfrowe do "
            "celów dydaktycznych i jak dbać o dostępność materiałów. Spotkania online "
            "uzupełniają dwa warsztaty w Warszawie. Zaliczenie polega na ocenie przez "
            "eksperta portfolio z zaprojektowanym i przeprowadzonym cyklem zajęć."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi zaprojektować zajęcia w modelu odwróconej klasy.",
            "Uczestnik potrafi dobrać narzędzie cyfrowe do celu dydaktycznego.",
            "Uczestnik potrafi stosować ocenianie kształtujące i udzielać informacji zwrotnej.",
            "Uczestnik potrafi przygotować materiały dostępne dla osób z niepełnosprawnościami.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/adbea35b-0eed-5ecf-96b8-7bb20737afa9",
                "label": "apply teaching strategies",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/3b570976-549c-5934-a51e-570cf142a566",
                "label": "use virtual learning environments",
            },
        ],
        "ects": "3",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0111",
        "language": "pl",
        "participation_form": "blended",
        "assessment_type": "expert_review",
        "supervision": "unsupervised-no-id",
        "prerequisites": "Doświadczenie w nauczaniu w szkole lub na uczelni.",
        "quality_assurance": "",
        "price_minor": 69000,
        "currency": "PLN",
        "start_date": date(2027, 2, 20),
        "end_date": date(2027, 5, 15),
        "self_paced": False,
        "seat_capacity": 50,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "uw-polish-for-professionals-b1",
        "university": "uniwersytet-warszawski",
        "title": "Polish Language for Professionals (B1)",
        "summary": (
            "An intensive on-site Polish course for international professionals living in "
            "Poland, taught with English support at the Centre for Polish Language and "
            "Culture."
        ),
        "description": (
            "The course develops the speaking, listening, reading and writing skills "
            "needed at work and in everyday life in Poland. Classes use authentic "
            "materials such as emails, job interviews and official letters. Participants "
            "meet four times a week in small groups in central Warsaw. The course ends "
            "with an oral examination at level B1."
        ),
        "learning_outcomes": [
            "Learner can take part in routine conversations at work in Polish.",
            "Learner can write short formal emails and fill in official forms in Polish.",
            "Learner can understand the main points of work-related announcements.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/76dc8300-fcd6-5e6f-8878-ff9a9a212168",
                "label": "understand spoken Polish",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/abf1149e-3dbc-5cac-be1a-12783bf0b53b",
                "label": "write Polish",
            },
        ],
        "ects": "6",
        "eqf_level": 4,
        "nqf_level": 4,
        "nqf_framework": "PRK",
        "isced_f_code": "0231",
        "language": "en",
        "participation_form": "onsite",
        "assessment_type": "oral",
        "supervision": "supervised-onsite-id",
        "prerequisites": "Polish at level A2, confirmed by a placement test.",
        "quality_assurance": "",
        "price_minor": 189000,
        "currency": "PLN",
        "start_date": date(2027, 2, 22),
        "end_date": date(2027, 6, 18),
        "self_paced": False,
        "seat_capacity": 16,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "uw-etyka-sztucznej-inteligencji",
        "university": "uniwersytet-warszawski",
        "title": "Etyka sztucznej inteligencji i odpowiedzialne innowacje",
        "summary": (
            "Bezpłatny kurs online o etycznych i prawnych aspektach systemów sztucznej "
            "inteligencji, w tym o wymaganiach aktu o sztucznej inteligencji (AI Act)."
        ),
        "description": (
            "Kurs omawia zagadnienia sprawiedliwości algorytmicznej, przejrzystości, "
            "prywatności i odpowiedzialności za decyzje podejmowane przez systemy AI. "
            "Uczestnicy analizują przypadki z administracji, medycyny i rekrutacji. "
            "Osobny moduł poświęcony jest klasyfikacji ryzyka w unijnym akcie o sztucznej "
            "inteligencji. Zaliczenie polega na przygotowaniu analizy etycznej wybranego "
            "systemu, którą ocenia ekspert z Wydziału Filozofii."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi zidentyfikować ryzyka etyczne związane z systemem AI.",
            "Uczestnik potrafi zakwalifikować system AI do kategorii ryzyka według AI Act.",
            "Uczestnik potrafi zaproponować środki zwiększające przejrzystość i rozliczalność.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/75f0a2fb-66a7-523c-be75-ee84d15ba947",
                "label": "principles of artificial intelligence",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/b1e7acc1-f3d2-530e-a11a-8d4e6892459a",
                "label": "ethics",
            },
        ],
        "ects": "2.5",
        "eqf_level": 7,
        "nqf_level": 7,
        "nqf_framework": "PRK",
        "isced_f_code": "0688",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "expert_review",
        "supervision": "unsupervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 0,
        "currency": "PLN",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "uw-cyfrowa-administracja",
        "university": "uniwersytet-warszawski",
        "title": "Cyfrowa administracja publiczna: e-usługi i prawo",
        "summary": (
            "Kurs dla urzędników o projektowaniu i wdrażaniu e-usług publicznych zgodnie "
            "z prawem administracyjnym i zasadami dostępności."
        ),
        "description": (
            "Uczestnicy poznają ramy prawne e-administracji, w tym przepisy o "
            "doręczeniach elektronicznych i rozporządzenie eIDAS. Kurs pokazuje, jak "
            "projektować usługi publiczne z perspektywy obywatela i mierzyć ich jakość. "
            "Omawiane są przykłady z polskich urzędów oraz z Estonii i Danii. Zaliczenie "
            "odbywa się w formie testu online."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi wskazać podstawy prawne świadczenia usług elektronicznych.",
            "Uczestnik potrafi zaprojektować ścieżkę obywatela w e-usłudze.",
            "Uczestnik potrafi ocenić e-usługę pod kątem dostępności cyfrowej.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/baefb412-cc68-5ca4-a7a7-ea6e6bda0ce5",
                "label": "e-government",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/5ae276c4-a210-5f0e-80a9-a4958794e406",
                "label": "government policy implementation",
            },
        ],
        "ects": "3",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0413",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "supervised-no-id",
        "prerequisites": (
            "Zatrudnienie w administracji publicznej lub jednostce samorządu terytorialnego."
        ),
        "quality_assurance": "",
        "price_minor": 79000,
        "currency": "PLN",
        "start_date": date(2026, 12, 7),
        "end_date": date(2027, 2, 15),
        "self_paced": False,
        "seat_capacity": 100,
        "featured": False,
        "status": "draft",
        "qualifications": [],
    },
    {
        "slug": "uw-doradztwo-zawodowe",
        "university": "uniwersytet-warszawski",
        "title": "Doradztwo zawodowe dla dorosłych",
        "summary": (
            "Kurs hybrydowy przygotowujący do prowadzenia indywidualnego i grupowego "
            "doradztwa zawodowego dla osób dorosłych."
        ),
        "description": (
            "Kurs obejmuje teorie rozwoju kariery, narzędzia diagnozy kompetencji i "
            "metody prowadzenia rozmowy doradczej. Uczestnicy ćwiczą pracę z osobami "
            "zmieniającymi zawód, bezrobotnymi i powracającymi na rynek pracy. Zajęcia "
            "online uzupełniają superwizje w małych grupach w Warszawie. Kurs kończy się "
            "egzaminem ustnym z omówieniem studium przypadku."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi przeprowadzić rozmowę doradczą z osobą dorosłą.",
            "Uczestnik potrafi dobrać narzędzia diagnozy kompetencji i zainteresowań.",
            "Uczestnik potrafi opracować z klientem indywidualny plan działania.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/444f1160-8535-5fc9-9e2c-5e0963967c7e",
                "label": "provide career counselling",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/6f2cd158-fdba-51eb-82a4-3cf33da630c5",
                "label": "assist in job search",
            },
        ],
        "ects": "4",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0923",
        "language": "pl",
        "participation_form": "blended",
        "assessment_type": "oral",
        "supervision": "supervised-onsite-id",
        "prerequisites": "Dyplom ukończenia studiów wyższych.",
        "quality_assurance": "",
        "price_minor": 119000,
        "currency": "PLN",
        "start_date": date(2027, 9, 4),
        "end_date": date(2027, 12, 11),
        "self_paced": False,
        "seat_capacity": 25,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "pg-podstawy-cyberbezpieczenstwa",
        "university": "politechnika-gdanska",
        "title": "Podstawy cyberbezpieczeństwa",
        "summary": (
            "Samodzielny kurs online wprowadzający w zagrożenia cybernetyczne, "
            "zabezpieczenia organizacji i wymagania dyrektywy NIS2."
        ),
        "description": (
            "Kurs omawia najczęstsze rodzaje ataków, zasady bezpiecznego "
            "uwierzytelniania, szyfrowanie oraz tworzenie kopii zapasowych. Uczestnicy "
            "uczą się oceniać ryzyko i wdrażać podstawowe polityki bezpieczeństwa w małej "
            "i średniej firmie. Materiały obejmują wykłady wideo, laboratoria w "
            "przeglądarce i quizy. Zaliczenie odbywa się w formie testu online z "
            "weryfikacją tożsamości."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi rozpoznać typowe ataki, w tym phishing i ransomware.",
            "Uczestnik potrafi zaproponować podstawowe zabezpieczenia dla małej organizacji.",
            "Uczestnik potrafi wyjaśnić obowiązki wynikające z dyrektywy NIS2.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/ddc630e3-1c30-5bbf-8649-384492855c7a",
                "label": "cyber security",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/98502505-f2b0-5bec-aa4d-9f1e2337bc6d",
                "label": "ICT security legislation",
            },
        ],
        "ects": "4",
        "eqf_level": 5,
        "nqf_level": 5,
        "nqf_framework": "PRK",
        "isced_f_code": "0612",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "supervised-online-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 99000,
        "currency": "PLN",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": True,
        "status": "published",
        "qualifications": ["cybersecurity-foundations"],
    },
    {
        "slug": "pg-bezpieczenstwo-sieci",
        "university": "politechnika-gdanska",
        "title": "Bezpieczeństwo sieci komputerowych",
        "summary": (
            "Kurs hybrydowy z zajęciami laboratoryjnymi w Gdańsku, poświęcony "
            "konfiguracji zapór sieciowych, VPN i monitorowaniu ruchu."
        ),
        "description": (
            "Uczestnicy projektują segmentację sieci, konfigurują zapory i tunele VPN "
            "oraz wdrażają systemy wykrywania włamań. Część teoretyczna jest prowadzona "
            "online, a ćwiczenia odbywają się w laboratorium sieciowym Wydziału ETI. Na "
            "zakończenie każdy uczestnik zabezpiecza przygotowaną sieć testową. "
            "Zaliczenie to zadanie praktyczne wykonywane w laboratorium pod nadzorem."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi skonfigurować zaporę sieciową i reguły filtrowania ruchu.",
            "Uczestnik potrafi zestawić bezpieczne połączenie VPN.",
            "Uczestnik potrafi analizować ruch sieciowy w poszukiwaniu anomalii.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/e087589a-2060-5d7a-b24a-77b7f97c9e09",
                "label": "implement firewalls",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/d0e060d3-c3b6-5cb3-af6c-32ce8f9ebf10",
                "label": "ICT network security risks",
            },
        ],
        "ects": "3",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0612",
        "language": "pl",
        "participation_form": "blended",
        "assessment_type": "practical",
        "supervision": "supervised-onsite-id",
        "prerequisites": "Znajomość podstaw sieci komputerowych (model TCP/IP, adresacja).",
        "quality_assurance": "",
        "price_minor": 139000,
        "currency": "PLN",
        "start_date": date(2027, 3, 1),
        "end_date": date(2027, 5, 24),
        "self_paced": False,
        "seat_capacity": 30,
        "featured": False,
        "status": "published",
        "qualifications": ["cybersecurity-foundations"],
    },
    {
        "slug": "pg-oze-w-budownictwie",
        "university": "politechnika-gdanska",
        "title": "Odnawialne źródła energii w budownictwie",
        "summary": (
            "Kurs dla projektantów i inżynierów o doborze pomp ciepła, instalacji "
            "fotowoltaicznych i magazynów ciepła w budynkach."
        ),
        "description": (
            "Kurs obejmuje bilans energetyczny budynku, dobór pomp ciepła, instalacji "
            "fotowoltaicznych i kolektorów słonecznych oraz ich integrację z instalacjami "
            "budynku. Uczestnicy poznają wymagania prawne i programy wsparcia. Zajęcia "
            "online uzupełniają wizyty w budynkach pasywnych na Pomorzu. Zaliczenie "
            "polega na wykonaniu koncepcji zasilania budynku z odnawialnych źródeł."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi sporządzić bilans energetyczny budynku.",
            "Uczestnik potrafi dobrać pompę ciepła i instalację fotowoltaiczną do potrzeb budynku.",
            "Uczestnik potrafi ocenić opłacalność inwestycji w odnawialne źródła energii.",
            "Uczestnik potrafi przygotować koncepcję budynku o niemal zerowym zużyciu energii.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/9ef0afa3-7615-5f1b-ad01-0e763bd17faa",
                "label": "renewable energy technologies",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/b8713447-51bb-5275-8d47-5a62cb604a6d",
                "label": "energy performance of buildings",
            },
        ],
        "ects": "5",
        "eqf_level": 7,
        "nqf_level": 7,
        "nqf_framework": "PRK",
        "isced_f_code": "0713",
        "language": "pl",
        "participation_form": "blended",
        "assessment_type": "project",
        "supervision": "supervised-no-id",
        "prerequisites": (
            "Wykształcenie inżynierskie w dziedzinie budownictwa, energetyki lub instalacji."
        ),
        "quality_assurance": "",
        "price_minor": 169000,
        "currency": "PLN",
        "start_date": date(2027, 2, 15),
        "end_date": date(2027, 6, 28),
        "self_paced": False,
        "seat_capacity": 35,
        "featured": False,
        "status": "published",
        "qualifications": ["sustainable-energy-specialist"],
    },
    {
        "slug": "pg-energy-storage-smart-grids",
        "university": "politechnika-gdanska",
        "title": "Energy Storage and Smart Grids",
        "summary": (
            "An online course in English on battery and hydrogen storage, demand response "
            "and the digitalisation of power distribution networks."
        ),
        "description": (
            "The course explains how storage technologies and smart grid solutions help "
            "integrate variable renewable generation. Participants compare battery, "
            "pumped hydro and hydrogen storage and learn how distribution system "
            "operators use flexibility markets. Case studies come from pilot projects on "
            "the Polish Baltic coast and in Scandinavia. The course ends with a "
            "supervised online test."
        ),
        "learning_outcomes": [
            "Learner can compare energy storage technologies by cost, efficiency and lifetime.",
            "Learner can explain how demand response and flexibility markets work.",
            "Learner can assess the role of smart meters and grid automation.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/7b675609-b09d-574a-8350-6bfa5501779d",
                "label": "energy storage systems",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/53da9c4b-66e5-56fa-9096-55e1dbe30652",
                "label": "smart grids systems",
            },
        ],
        "ects": "4",
        "eqf_level": 7,
        "nqf_level": 7,
        "nqf_framework": "PRK",
        "isced_f_code": "0713",
        "language": "en",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "supervised-online-id",
        "prerequisites": "A bachelor's degree in engineering or physics; English at level B2.",
        "quality_assurance": "",
        "price_minor": 149000,
        "currency": "PLN",
        "start_date": date(2027, 4, 5),
        "end_date": date(2027, 6, 21),
        "self_paced": False,
        "seat_capacity": 60,
        "featured": False,
        "status": "published",
        "qualifications": ["sustainable-energy-specialist"],
    },
    {
        "slug": "pg-ryzyko-w-projektach",
        "university": "politechnika-gdanska",
        "title": "Zarządzanie ryzykiem w projektach inżynierskich",
        "summary": (
            "Samodzielny kurs online o identyfikacji, analizie i ograniczaniu ryzyka w "
            "projektach budowlanych, energetycznych i informatycznych."
        ),
        "description": (
            "Kurs prezentuje proces zarządzania ryzykiem od identyfikacji zagrożeń po "
            "monitorowanie działań zaradczych. Uczestnicy stosują analizę jakościową i "
            "ilościową, w tym symulację Monte Carlo harmonogramu. Przykłady pochodzą z "
            "projektów infrastrukturalnych realizowanych w Trójmieście. Zaliczeniem jest "
            "rejestr ryzyka i plan reagowania dla własnego projektu."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi zidentyfikować i opisać ryzyka w projekcie inżynierskim.",
            "Uczestnik potrafi przeprowadzić ilościową analizę ryzyka harmonogramu.",
            "Uczestnik potrafi opracować plan reagowania na ryzyko.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/a09ac0ff-4f36-5af1-bc04-f3fcf7a24f74",
                "label": "perform risk analysis",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/a6f5e426-4c58-5b4f-9e44-853b1698615e",
                "label": "manage project",
            },
        ],
        "ects": "3",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0413",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "project",
        "supervision": "unsupervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 89000,
        "currency": "PLN",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": ["menedzer-projektow"],
    },
    {
        "slug": "pg-sql-bazy-danych",
        "university": "politechnika-gdanska",
        "title": "SQL i relacyjne bazy danych dla analityków",
        "summary": (
            "Kurs online, w którym uczestnicy uczą się pisać zapytania SQL, łączyć tabele "
            "i przygotowywać dane do raportów."
        ),
        "description": (
            "Kurs rozpoczyna się od modelu relacyjnego i podstawowych zapytań, a kończy "
            "na funkcjach okna i wspólnych wyrażeniach tablicowych. Ćwiczenia wykonywane "
            "są w przeglądarce na bazie PostgreSQL z danymi sklepu internetowego. Każdy "
            "moduł zawiera zadania sprawdzane automatycznie. Zaliczenie to zadanie "
            "praktyczne polegające na przygotowaniu zestawu zapytań raportowych."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi pisać zapytania SQL filtrujące, grupujące i łączące tabele.",
            "Uczestnik potrafi stosować funkcje okna do analiz narastających i rankingów.",
            "Uczestnik potrafi zaprojektować prosty schemat relacyjnej bazy danych.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/2987373a-a141-5064-be36-af3a453098b3",
                "label": "SQL",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/d386a3cc-e066-51a5-b9f0-bed6002bba86",
                "label": "use databases",
            },
        ],
        "ects": "3",
        "eqf_level": 5,
        "nqf_level": 5,
        "nqf_framework": "PRK",
        "isced_f_code": "0612",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "practical",
        "supervision": "supervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 69000,
        "currency": "PLN",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": ["data-analytics-professional"],
    },
    {
        "slug": "pg-bim-w-praktyce",
        "university": "politechnika-gdanska",
        "title": "Modelowanie informacji o budynku (BIM) w praktyce",
        "summary": (
            "Stacjonarny kurs dla projektantów i wykonawców o pracy w metodyce BIM, "
            "koordynacji modeli i wymianie danych w formacie IFC."
        ),
        "description": (
            "Uczestnicy tworzą modele architektoniczne i konstrukcyjne, a następnie "
            "koordynują je i wykrywają kolizje. Kurs omawia standardy openBIM, wymagania "
            "zamawiającego (EIR) i plan realizacji BIM. Zajęcia odbywają się w pracowni "
            "komputerowej Wydziału Inżynierii Lądowej i Środowiska. Zaliczenie to zadanie "
            "praktyczne wykonywane pod nadzorem na zajęciach."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi przygotować model budynku zgodny z wymaganiami zamawiającego.",
            "Uczestnik potrafi wykryć i rozwiązać kolizje między modelami branżowymi.",
            "Uczestnik potrafi wymieniać dane między programami w formacie IFC.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/82540038-68a2-5bdd-8ff5-6e082d2a69bd",
                "label": "building information modelling",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/39b5a61c-57e0-5c06-beb7-9546efcc67a8",
                "label": "use CAD software",
            },
        ],
        "ects": "4",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0732",
        "language": "pl",
        "participation_form": "onsite",
        "assessment_type": "practical",
        "supervision": "supervised-onsite-id",
        "prerequisites": "Doświadczenie w projektowaniu lub realizacji obiektów budowlanych.",
        "quality_assurance": "",
        "price_minor": 179000,
        "currency": "PLN",
        "start_date": date(2027, 1, 16),
        "end_date": date(2027, 4, 10),
        "self_paced": False,
        "seat_capacity": 20,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "pg-chmura-devops",
        "university": "politechnika-gdanska",
        "title": "Chmura obliczeniowa i DevOps: wdrażanie aplikacji",
        "summary": (
            "Kurs online o budowie potoków CI/CD, konteneryzacji i wdrażaniu aplikacji w "
            "chmurze publicznej z użyciem infrastruktury jako kodu."
        ),
        "description": (
            "Kurs prowadzi przez konteneryzację aplikacji w Dockerze, budowę potoków "
            "ciągłej integracji i wdrażania oraz opis infrastruktury w Terraform. "
            "Uczestnicy pracują na kontach w chmurze udostępnionych na czas kursu. "
            "Omawiane są także koszty, monitorowanie i bezpieczeństwo usług chmurowych. "
            "Zaliczenie polega na wdrożeniu własnej aplikacji w chmurze i obronie "
            "projektu."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi przygotować obraz kontenera i uruchomić aplikację w chmurze.",
            "Uczestnik potrafi zbudować potok CI/CD dla repozytorium kodu.",
            "Uczestnik potrafi opisać infrastrukturę jako kod i kontrolować jej koszty.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/f9b715ea-2e7c-5b26-bc94-abf91123ef3d",
                "label": "cloud technologies",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/0651b189-bddf-5f99-8416-492ef8756e0b",
                "label": "DevOps",
            },
        ],
        "ects": "5",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0613",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "project",
        "supervision": "supervised-no-id",
        "prerequisites": "Umiejętność programowania i podstawowa znajomość systemu Linux.",
        "quality_assurance": "",
        "price_minor": 159000,
        "currency": "PLN",
        "start_date": date(2027, 3, 8),
        "end_date": date(2027, 6, 7),
        "self_paced": False,
        "seat_capacity": 50,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "pg-kontrola-polaczen-spawanych",
        "university": "politechnika-gdanska",
        "title": "Kontrola jakości połączeń spawanych",
        "summary": (
            "Stacjonarny kurs dla kontrolerów jakości i spawalników o badaniach "
            "wizualnych i nieniszczących złączy spawanych."
        ),
        "description": (
            "Kurs omawia niezgodności spawalnicze, wymagania norm oraz metody badań "
            "wizualnych, penetracyjnych i ultradźwiękowych. Zajęcia praktyczne odbywają "
            "się w laboratorium spawalnictwa na próbkach z przemysłu stoczniowego. "
            "Uczestnicy uczą się sporządzać protokoły z badań. Zaliczenie to zadanie "
            "praktyczne wykonywane pod nadzorem egzaminatora."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi rozpoznać i sklasyfikować niezgodności złączy spawanych.",
            "Uczestnik potrafi przeprowadzić badanie wizualne i penetracyjne złącza.",
            "Uczestnik potrafi sporządzić protokół z badania zgodnie z normą.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/4ac1e6ae-00df-5885-9f94-96e597b07c29",
                "label": "welding techniques",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/c66d510a-89f1-57ef-bb6f-fc9123e40b59",
                "label": "inspect product quality",
            },
        ],
        "ects": "3",
        "eqf_level": 5,
        "nqf_level": 5,
        "nqf_framework": "PRK",
        "isced_f_code": "0715",
        "language": "pl",
        "participation_form": "onsite",
        "assessment_type": "practical",
        "supervision": "supervised-onsite-id",
        "prerequisites": (
            "Co najmniej rok doświadczenia w produkcji lub kontroli konstrukcji spawanych."
        ),
        "quality_assurance": "",
        "price_minor": 129000,
        "currency": "PLN",
        "start_date": date(2027, 5, 10),
        "end_date": date(2027, 6, 18),
        "self_paced": False,
        "seat_capacity": 15,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "pg-python-od-podstaw",
        "university": "politechnika-gdanska",
        "title": "Programowanie w języku Python od podstaw",
        "summary": (
            "Samodzielny kurs online dla osób bez doświadczenia w programowaniu, który "
            "uczy pisania prostych programów i automatyzacji codziennych zadań."
        ),
        "description": (
            "Kurs wprowadza zmienne, typy danych, instrukcje warunkowe, pętle, funkcje i "
            "pracę z plikami. Uczestnicy piszą małe programy automatyzujące pracę "
            "biurową, na przykład przetwarzanie arkuszy i plików tekstowych. Każdy moduł "
            "zawiera zadania sprawdzane automatycznie i forum z mentorami. Zaliczenie "
            "odbywa się w formie testu online."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi napisać prosty program w języku Python.",
            "Uczestnik potrafi wczytywać i zapisywać pliki tekstowe i CSV.",
            "Uczestnik potrafi podzielić program na funkcje i je przetestować.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/ab2f9987-b48c-5ddc-b426-8b8d182a9e71",
                "label": "Python (computer programming)",
            },
        ],
        "ects": "4",
        "eqf_level": 4,
        "nqf_level": 4,
        "nqf_framework": "PRK",
        "isced_f_code": "0613",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "unsupervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 49000,
        "currency": "PLN",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "pg-gospodarka-wodorowa",
        "university": "politechnika-gdanska",
        "title": "Gospodarka wodorowa: technologie i bezpieczeństwo",
        "summary": (
            "Kurs o produkcji, magazynowaniu i wykorzystaniu wodoru w energetyce, "
            "przemyśle i transporcie, z naciskiem na bezpieczeństwo instalacji."
        ),
        "description": (
            "Kurs omawia technologie elektrolizy, magazynowania i transportu wodoru oraz "
            "jego zastosowania w przemyśle i transporcie. Osobny moduł poświęcony jest "
            "ocenie ryzyka i przepisom dotyczącym instalacji wodorowych. Zajęcia online "
            "uzupełnia wizyta w laboratorium ogniw paliwowych. Kurs kończy się egzaminem "
            "ustnym."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi porównać technologie wytwarzania wodoru.",
            "Uczestnik potrafi ocenić ryzyko związane z instalacją wodorową.",
            "Uczestnik potrafi wskazać obszary zastosowań wodoru w gospodarce regionu.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/9a42c7eb-ce9f-5fbc-98b1-6571269aa7f7",
                "label": "hydrogen",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/9ef0afa3-7615-5f1b-ad01-0e763bd17faa",
                "label": "renewable energy technologies",
            },
        ],
        "ects": "2.5",
        "eqf_level": 7,
        "nqf_level": 7,
        "nqf_framework": "PRK",
        "isced_f_code": "0713",
        "language": "pl",
        "participation_form": "blended",
        "assessment_type": "oral",
        "supervision": "supervised-onsite-id",
        "prerequisites": "Wykształcenie inżynierskie.",
        "quality_assurance": "",
        "price_minor": 99000,
        "currency": "PLN",
        "start_date": date(2027, 5, 15),
        "end_date": date(2027, 6, 26),
        "self_paced": False,
        "seat_capacity": 30,
        "featured": False,
        "status": "draft",
        "qualifications": [],
    },
    {
        "slug": "uek-zarzadzanie-projektami-w-praktyce",
        "university": "uek-krakow",
        "title": "Zarządzanie projektami w praktyce",
        "summary": (
            "Kurs hybrydowy obejmujący cały cykl życia projektu: od inicjowania i "
            "planowania, przez realizację i kontrolę, po zamknięcie i rozliczenie."
        ),
        "description": (
            "Uczestnicy uczą się definiować zakres projektu, tworzyć harmonogram i budżet "
            "oraz zarządzać interesariuszami. Kurs łączy podejście klasyczne z elementami "
            "metod zwinnych. Zajęcia online uzupełniają cztery zjazdy w Krakowie, podczas "
            "których zespoły pracują nad rzeczywistymi projektami partnerów UEK. "
            "Zaliczenie polega na przygotowaniu i obronie dokumentacji projektu."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi określić cele, zakres i produkty projektu.",
            "Uczestnik potrafi opracować harmonogram i budżet projektu.",
            "Uczestnik potrafi monitorować postęp prac i raportować go interesariuszom.",
            "Uczestnik potrafi zamknąć projekt i podsumować wnioski.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/a6f5e426-4c58-5b4f-9e44-853b1698615e",
                "label": "manage project",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/eae694eb-f373-59f8-9f3b-72e2484dd0e5",
                "label": "perform project management",
            },
        ],
        "ects": "5",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0413",
        "language": "pl",
        "participation_form": "blended",
        "assessment_type": "project",
        "supervision": "supervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 189000,
        "currency": "PLN",
        "start_date": date(2027, 2, 6),
        "end_date": date(2027, 6, 12),
        "self_paced": False,
        "seat_capacity": 40,
        "featured": True,
        "status": "published",
        "qualifications": ["menedzer-projektow"],
    },
    {
        "slug": "uek-scrum-kanban",
        "university": "uek-krakow",
        "title": "Metodyki zwinne: Scrum i Kanban w zespołach",
        "summary": (
            "Samodzielny kurs online o pracy zespołów w metodykach Scrum i Kanban, role, "
            "wydarzenia i artefakty oraz skalowanie zwinności."
        ),
        "description": (
            "Kurs objaśnia wartości i zasady zwinności oraz praktyczne stosowanie Scruma "
            "i Kanbana. Uczestnicy uczą się prowadzić backlog produktu, planować sprinty "
            "i mierzyć przepływ pracy. Przykłady pochodzą z firm IT, administracji i "
            "sektora usług. Zaliczenie odbywa się w formie testu online z weryfikacją "
            "tożsamości."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi opisać role, wydarzenia i artefakty Scruma.",
            "Uczestnik potrafi zaprojektować tablicę Kanban i ustalić limity pracy w toku.",
            "Uczestnik potrafi dobrać metodykę do charakteru projektu.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/4e5867a0-b0c0-5303-a20c-297009936cf5",
                "label": "agile project management",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/a6f5e426-4c58-5b4f-9e44-853b1698615e",
                "label": "manage project",
            },
        ],
        "ects": "3",
        "eqf_level": 5,
        "nqf_level": 5,
        "nqf_framework": "PRK",
        "isced_f_code": "0413",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "supervised-online-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 79000,
        "currency": "PLN",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": ["menedzer-projektow"],
    },
    {
        "slug": "uek-potwierdzenie-kompetencji-projekty",
        "university": "uek-krakow",
        "title": "Potwierdzenie kompetencji: kierowanie projektami (tylko ocena)",
        "summary": (
            "Ścieżka wyłącznie walidacyjna dla doświadczonych kierowników projektów, "
            "która uznaje wcześniejsze doświadczenie zawodowe bez udziału w zajęciach."
        ),
        "description": (
            "To nie jest kurs: nie obejmuje zajęć ani materiałów dydaktycznych. Ocena "
            "uznaje wcześniejsze doświadczenie zawodowe w kierowaniu projektami, "
            "potwierdzone portfolio dokumentacji. Ekspert UEK ocenia przedłożone dowody, "
            "a następnie przeprowadza rozmowę online z weryfikacją tożsamości. Pozytywny "
            "wynik potwierdza te same efekty uczenia się co kurs „Zarządzanie projektami "
            "w praktyce” w części odpowiadającej 2,5 ECTS."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi udokumentować zakres, harmonogram i budżet zrealizowanego projektu.",
            "Uczestnik potrafi uzasadnić decyzje podjęte w trakcie kierowania projektem.",
            "Uczestnik potrafi ocenić rezultaty projektu i sformułować wnioski na przyszłość.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/a6f5e426-4c58-5b4f-9e44-853b1698615e",
                "label": "manage project",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/9ebbfe9e-0676-5d94-a20b-3697cddc8311",
                "label": "lead a team",
            },
        ],
        "ects": "2.5",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0413",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "expert_review",
        "supervision": "supervised-online-id",
        "prerequisites": (
            "Co najmniej dwa lata udokumentowanego doświadczenia w kierowaniu projektami."
        ),
        "quality_assurance": (
            "Walidacja prowadzona zgodnie z procedurą potwierdzania efektów uczenia się "
            "UEK, przez ekspertów powołanych przez dziekana."
        ),
        "price_minor": 59000,
        "currency": "PLN",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": ["menedzer-projektow"],
    },
    {
        "slug": "uek-rachunkowosc-finansowa",
        "university": "uek-krakow",
        "title": "Rachunkowość finansowa dla praktyków",
        "summary": (
            "Kurs hybrydowy dla pracowników działów księgowych o ewidencji operacji "
            "gospodarczych, zamknięciu roku i sporządzaniu sprawozdania finansowego."
        ),
        "description": (
            "Kurs omawia zasady rachunkowości, ewidencję aktywów, zobowiązań, przychodów "
            "i kosztów oraz procedury zamknięcia roku obrotowego. Uczestnicy pracują na "
            "przykładach z małych i średnich przedsiębiorstw. Wykłady online uzupełniają "
            "zjazdy w Krakowie z ćwiczeniami w systemie finansowo-księgowym. Kurs kończy "
            "się testem pisanym w sali egzaminacyjnej z weryfikacją tożsamości."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi ewidencjonować typowe operacje gospodarcze.",
            "Uczestnik potrafi przeprowadzić procedury zamknięcia roku obrotowego.",
            "Uczestnik potrafi sporządzić bilans i rachunek zysków i strat.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/ee0b85f0-7eb2-514a-ac1c-ed45c769e9fb",
                "label": "prepare financial statements",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/a00779c8-77cb-5cc6-af5b-93f88e0c5af1",
                "label": "accounting",
            },
        ],
        "ects": "5",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0411",
        "language": "pl",
        "participation_form": "blended",
        "assessment_type": "test",
        "supervision": "supervised-onsite-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 169000,
        "currency": "PLN",
        "start_date": date(2027, 1, 9),
        "end_date": date(2027, 5, 15),
        "self_paced": False,
        "seat_capacity": 45,
        "featured": False,
        "status": "published",
        "qualifications": ["specjalista-rachunkowosci-i-podatkow"],
    },
    {
        "slug": "uek-podatki-w-dzialalnosci-gospodarczej",
        "university": "uek-krakow",
        "title": "Podatki w działalności gospodarczej: VAT, CIT i PIT",
        "summary": (
            "Kurs online o rozliczaniu podatków w firmie, z uwzględnieniem Krajowego "
            "Systemu e-Faktur i najnowszych zmian przepisów."
        ),
        "description": (
            "Kurs obejmuje podatek od towarów i usług, podatek dochodowy od osób prawnych "
            "i fizycznych prowadzących działalność. Uczestnicy rozwiązują zadania na "
            "podstawie rzeczywistych interpretacji podatkowych. Omawiane są także "
            "obowiązki dokumentacyjne i KSeF. Zaliczenie odbywa się w formie testu online "
            "z weryfikacją tożsamości."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi ustalić moment powstania obowiązku podatkowego w VAT.",
            "Uczestnik potrafi obliczyć podstawę opodatkowania w CIT i PIT.",
            "Uczestnik potrafi korzystać z interpretacji podatkowych.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/fc0da2e7-15b6-58e6-9d51-ec7870068424",
                "label": "tax legislation",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/bef3c0d7-6a3d-59d8-8b6a-5329876972c9",
                "label": "prepare tax returns forms",
            },
        ],
        "ects": "3",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0411",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "supervised-online-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 119000,
        "currency": "PLN",
        "start_date": date(2027, 3, 1),
        "end_date": date(2027, 5, 10),
        "self_paced": False,
        "seat_capacity": 120,
        "featured": False,
        "status": "published",
        "qualifications": ["specjalista-rachunkowosci-i-podatkow"],
    },
    {
        "slug": "uek-controlling",
        "university": "uek-krakow",
        "title": "Controlling i rachunkowość zarządcza",
        "summary": (
            "Stacjonarny kurs o budżetowaniu, rachunku kosztów i analizie odchyleń jako "
            "narzędziach wspierających decyzje zarządu."
        ),
        "description": (
            "Uczestnicy poznają rachunek kosztów działań, budżetowanie kroczące i system "
            "wskaźników efektywności. Kurs opiera się na studiach przypadków firm "
            "produkcyjnych i usługowych z Małopolski. Zajęcia odbywają się w Krakowie w "
            "formie warsztatów w arkuszu kalkulacyjnym. Kurs kończy się egzaminem ustnym "
            "z omówieniem przygotowanej analizy."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi przygotować budżet operacyjny jednostki.",
            "Uczestnik potrafi przeprowadzić analizę odchyleń i wskazać ich przyczyny.",
            "Uczestnik potrafi zaprojektować zestaw wskaźników efektywności.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/b1efef28-6658-581e-8145-2a0ff5449eef",
                "label": "cost management",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/feb2e870-720d-52a0-9a22-44071d83f0b0",
                "label": "perform financial analysis",
            },
        ],
        "ects": "3",
        "eqf_level": 7,
        "nqf_level": 7,
        "nqf_framework": "PRK",
        "isced_f_code": "0411",
        "language": "pl",
        "participation_form": "onsite",
        "assessment_type": "oral",
        "supervision": "supervised-onsite-id",
        "prerequisites": "Znajomość podstaw rachunkowości finansowej.",
        "quality_assurance": "",
        "price_minor": 139000,
        "currency": "PLN",
        "start_date": date(2027, 4, 10),
        "end_date": date(2027, 6, 26),
        "self_paced": False,
        "seat_capacity": 30,
        "featured": False,
        "status": "published",
        "qualifications": ["specjalista-rachunkowosci-i-podatkow"],
    },
    {
        "slug": "uek-marketing-cyfrowy",
        "university": "uek-krakow",
        "title": "Marketing cyfrowy i media społecznościowe",
        "summary": (
            "Samodzielny kurs online o planowaniu kampanii w mediach społecznościowych, "
            "reklamie internetowej i budowaniu marki w sieci."
        ),
        "description": (
            "Kurs omawia strategie obecności marki w mediach społecznościowych, reklamę "
            "płatną i marketing treści. Uczestnicy uczą się planować budżet kampanii i "
            "dobierać kanały do grupy docelowej. Omawiane są przykłady polskich marek "
            "oraz zasady zgodności z prawem konsumenckim. Zaliczenie polega na "
            "przygotowaniu planu kampanii cyfrowej."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi opracować strategię komunikacji marki w mediach społecznościowych.",
            "Uczestnik potrafi zaplanować kampanię reklamową i jej budżet.",
            "Uczestnik potrafi mierzyć skuteczność działań marketingowych.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/6bc74ec6-a454-5e44-9cd8-d949af7141d4",
                "label": "digital marketing techniques",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/5e273495-b4b5-545d-8305-13639148c946",
                "label": "social media management",
            },
        ],
        "ects": "4",
        "eqf_level": 5,
        "nqf_level": 5,
        "nqf_framework": "PRK",
        "isced_f_code": "0414",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "project",
        "supervision": "unsupervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 99000,
        "currency": "PLN",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": ["digital-marketing-diploma"],
    },
    {
        "slug": "uek-analityka-internetowa",
        "university": "uek-krakow",
        "title": "Analityka internetowa w marketingu",
        "summary": (
            "Kurs online o konfiguracji narzędzi analityki internetowej, mierzeniu "
            "konwersji i podejmowaniu decyzji marketingowych na podstawie danych."
        ),
        "description": (
            "Uczestnicy uczą się konfigurować pomiar ruchu na stronie, definiować "
            "zdarzenia i konwersje oraz tworzyć raporty. Kurs omawia modele atrybucji, "
            "testy A/B i ochronę prywatności użytkowników. Ćwiczenia wykonywane są na "
            "danych demonstracyjnego sklepu internetowego. Zaliczenie to zadanie "
            "praktyczne polegające na przygotowaniu raportu z rekomendacjami."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi skonfigurować pomiar zdarzeń i konwersji na stronie.",
            "Uczestnik potrafi zinterpretować raporty ruchu i zachowań użytkowników.",
            "Uczestnik potrafi zaplanować i ocenić test A/B.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/a886706c-9c7c-51b8-bee7-e7f6931634ae",
                "label": "web analytics",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/5a75f4a2-48ee-571f-9762-34dcd4c900ed",
                "label": "perform data analysis",
            },
        ],
        "ects": "3",
        "eqf_level": 5,
        "nqf_level": 5,
        "nqf_framework": "PRK",
        "isced_f_code": "0414",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "practical",
        "supervision": "supervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 89000,
        "currency": "PLN",
        "start_date": date(2027, 2, 1),
        "end_date": date(2027, 3, 29),
        "self_paced": False,
        "seat_capacity": 70,
        "featured": False,
        "status": "published",
        "qualifications": ["digital-marketing-diploma"],
    },
    {
        "slug": "uek-lancuch-dostaw-i-logistyka",
        "university": "uek-krakow",
        "title": "Łańcuch dostaw i logistyka",
        "summary": (
            "Kurs hybrydowy o projektowaniu i usprawnianiu łańcucha dostaw, zarządzaniu "
            "zapasami i współpracy z dostawcami."
        ),
        "description": (
            "Kurs obejmuje planowanie popytu, zarządzanie zapasami, transport i "
            "magazynowanie oraz ocenę dostawców. Uczestnicy analizują łańcuchy dostaw "
            "firm z branży spożywczej i motoryzacyjnej. Część zajęć odbywa się w centrum "
            "logistycznym partnera w okolicach Krakowa. Zaliczenie polega na "
            "przygotowaniu projektu usprawnienia łańcucha dostaw."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi zmapować łańcuch dostaw i wskazać jego wąskie gardła.",
            "Uczestnik potrafi dobrać metodę sterowania zapasami.",
            "Uczestnik potrafi ocenić dostawców według kryteriów jakości, kosztu i ryzyka.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/1bf7d868-f54b-58ab-9696-e654127d90ef",
                "label": "supply chain management",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/2d2bf731-81b4-5160-8213-cb8e2de8e970",
                "label": "logistics",
            },
        ],
        "ects": "4",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "1041",
        "language": "pl",
        "participation_form": "blended",
        "assessment_type": "project",
        "supervision": "supervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 149000,
        "currency": "PLN",
        "start_date": date(2027, 3, 13),
        "end_date": date(2027, 6, 19),
        "self_paced": False,
        "seat_capacity": 35,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "uek-zarzadzanie-zasobami-ludzkimi",
        "university": "uek-krakow",
        "title": "Zarządzanie zasobami ludzkimi i prawo pracy",
        "summary": (
            "Kurs online dla specjalistów HR o rekrutacji, ocenie pracowniczej, "
            "wynagradzaniu i najważniejszych przepisach prawa pracy."
        ),
        "description": (
            "Kurs łączy praktykę zarządzania zasobami ludzkimi z wymaganiami Kodeksu "
            "pracy. Uczestnicy uczą się projektować procesy rekrutacji i wdrażania, "
            "systemy ocen i polityki wynagrodzeń. Omawiane są również praca zdalna, równe "
            "traktowanie i dyrektywa o przejrzystości wynagrodzeń. Kurs kończy się "
            "egzaminem ustnym online."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi zaprojektować proces rekrutacji i wdrożenia pracownika.",
            "Uczestnik potrafi stosować przepisy prawa pracy w typowych sytuacjach kadrowych.",
            "Uczestnik potrafi przygotować politykę wynagrodzeń zgodną z zasadą przejrzystości.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/0cb397c4-bf47-5c55-a385-442c870582ba",
                "label": "human resource management",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/ab647a08-1474-55ff-ae02-71b86b7765c9",
                "label": "labour legislation",
            },
        ],
        "ects": "4",
        "eqf_level": 6,
        "nqf_level": 6,
        "nqf_framework": "PRK",
        "isced_f_code": "0413",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "oral",
        "supervision": "supervised-online-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 129000,
        "currency": "PLN",
        "start_date": date(2027, 1, 18),
        "end_date": date(2027, 4, 26),
        "self_paced": False,
        "seat_capacity": 60,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "uek-turystyka-i-hotelarstwo",
        "university": "uek-krakow",
        "title": "Zarządzanie obiektem hotelarskim i turystyką miejską",
        "summary": (
            "Kurs stacjonarny dla kadry hoteli i biur podróży o zarządzaniu przychodami, "
            "obsłudze gości i rozwoju turystyki w mieście."
        ),
        "description": (
            "Uczestnicy poznają zarządzanie przychodami, dystrybucję online i standardy "
            "obsługi gości. Kurs omawia też wyzwania nadmiernej turystyki na przykładzie "
            "Krakowa. Zajęcia odbywają się w Krakowie i obejmują wizyty studyjne w "
            "hotelach partnerskich. Zaliczenie to zadanie praktyczne: plan poprawy "
            "wyników wybranego obiektu."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi stosować podstawowe techniki zarządzania przychodami.",
            "Uczestnik potrafi ocenić jakość obsługi gości i zaproponować usprawnienia.",
            "Uczestnik potrafi wskazać działania ograniczające skutki nadmiernej turystyki.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/141ed0f0-dc88-50c5-b514-fb69a98745c2",
                "label": "manage hospitality establishment",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/5fb6b260-1133-5f9e-8050-5f5dc3a8ced9",
                "label": "tourism market",
            },
        ],
        "ects": "3",
        "eqf_level": 5,
        "nqf_level": 5,
        "nqf_framework": "PRK",
        "isced_f_code": "1015",
        "language": "pl",
        "participation_form": "onsite",
        "assessment_type": "practical",
        "supervision": "supervised-onsite-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 99000,
        "currency": "PLN",
        "start_date": date(2027, 5, 8),
        "end_date": date(2027, 6, 26),
        "self_paced": False,
        "seat_capacity": 25,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "uek-sustainable-finance-esg",
        "university": "uek-krakow",
        "title": "Sustainable Finance and ESG Reporting",
        "summary": (
            "A self-paced online course in English on the EU sustainable finance "
            "framework, the EU Taxonomy and corporate sustainability reporting under "
            "CSRD."
        ),
        "description": (
            "The course explains how the EU Taxonomy, SFDR and the European "
            "Sustainability Reporting Standards shape company reporting and investment "
            "decisions. Participants work through disclosures of listed companies from "
            "Poland and other EU countries. Modules include short lectures, reading and "
            "calculation exercises. The course ends with a supervised online test."
        ),
        "learning_outcomes": [
            (
                "Learner can explain the structure of the EU Taxonomy and its technical "
                "screening criteria."
            ),
            "Learner can identify the disclosures required under the ESRS.",
            "Learner can assess the quality of a company's sustainability report.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/7ec0bffc-3e63-5828-b2e6-88e50fa7dd7f",
                "label": "sustainable finance",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/342a433c-c766-549a-b1dc-5f882124b033",
                "label": "sustainability reporting",
            },
        ],
        "ects": "4",
        "eqf_level": 7,
        "nqf_level": 7,
        "nqf_framework": "PRK",
        "isced_f_code": "0412",
        "language": "en",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "supervised-online-id",
        "prerequisites": (
            "A degree in economics, finance or business, or equivalent work experience."
        ),
        "quality_assurance": "",
        "price_minor": 139000,
        "currency": "PLN",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "uek-ekonomia-behawioralna",
        "university": "uek-krakow",
        "title": "Ekonomia behawioralna w polityce publicznej",
        "summary": (
            "Kurs online o wykorzystaniu wiedzy o zachowaniach ludzi w projektowaniu "
            "polityk publicznych i usług dla obywateli."
        ),
        "description": (
            "Kurs omawia heurystyki i błędy poznawcze oraz ich znaczenie dla decyzji "
            "obywateli i konsumentów. Uczestnicy poznają metody projektowania interwencji "
            "typu „nudge” i ich ewaluacji. Przykłady pochodzą z polityki emerytalnej, "
            "zdrowotnej i podatkowej. Kurs kończy się egzaminem ustnym online."
        ),
        "learning_outcomes": [
            "Uczestnik potrafi rozpoznać błędy poznawcze wpływające na decyzje obywateli.",
            "Uczestnik potrafi zaprojektować prostą interwencję behawioralną.",
            "Uczestnik potrafi zaplanować ewaluację interwencji metodą eksperymentalną.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/1bb3e7ea-e335-5253-bafa-773e49d3bb19",
                "label": "economics",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/5ae276c4-a210-5f0e-80a9-a4958794e406",
                "label": "government policy implementation",
            },
        ],
        "ects": "2.5",
        "eqf_level": 7,
        "nqf_level": 7,
        "nqf_framework": "PRK",
        "isced_f_code": "0311",
        "language": "pl",
        "participation_form": "online",
        "assessment_type": "oral",
        "supervision": "supervised-online-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 89000,
        "currency": "PLN",
        "start_date": date(2027, 4, 19),
        "end_date": date(2027, 6, 14),
        "self_paced": False,
        "seat_capacity": 80,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "tud-data-analysis-with-python",
        "university": "tu-delft",
        "title": "Data Analysis with Python",
        "summary": (
            "A self-paced online course that teaches professionals to clean, explore and "
            "visualise data with Python, using real engineering and open government data "
            "sets."
        ),
        "description": (
            "Participants learn to load, clean and combine data with pandas, explore it "
            "visually and build simple predictive models. Every module ends with a "
            "notebook exercise based on real data, such as traffic counts or energy "
            "consumption. Mentors answer questions on the course forum. The course is "
            "assessed through a final data analysis project reviewed by course staff."
        ),
        "learning_outcomes": [
            "Learner can load, clean and reshape tabular data with pandas.",
            "Learner can explore a data set visually and describe its key patterns.",
            "Learner can build and evaluate a simple regression model.",
            "Learner can communicate the results of an analysis in a short report.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/ab2f9987-b48c-5ddc-b426-8b8d182a9e71",
                "label": "Python (computer programming)",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/5a75f4a2-48ee-571f-9762-34dcd4c900ed",
                "label": "perform data analysis",
            },
        ],
        "ects": "5",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0688",
        "language": "en",
        "participation_form": "online",
        "assessment_type": "project",
        "supervision": "unsupervised-no-id",
        "prerequisites": (
            "Basic familiarity with any programming language is helpful but not required."
        ),
        "quality_assurance": "",
        "price_minor": 49500,
        "currency": "EUR",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": True,
        "status": "published",
        "qualifications": ["data-analytics-professional"],
    },
    {
        "slug": "tud-offshore-wind-energy",
        "university": "tu-delft",
        "title": "Offshore Wind Energy Systems",
        "summary": (
            "An advanced blended course on the design, installation and operation of "
            "offshore wind farms in the North Sea."
        ),
        "description": (
            "The course covers wind resource assessment, turbine and foundation design, "
            "electrical infrastructure and operation and maintenance strategies. "
            "Participants study real projects in the Dutch North Sea and meet engineers "
            "from developers and grid operators. Online modules are combined with a "
            "one-week on-campus session in Delft. The course ends with an oral "
            "examination based on a design case."
        ),
        "learning_outcomes": [
            "Learner can estimate the energy yield of an offshore wind farm.",
            "Learner can compare foundation concepts for different water depths and soils.",
            "Learner can outline the electrical connection of a wind farm to the grid.",
            "Learner can evaluate operation and maintenance strategies by cost and availability.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/be26e6fe-9812-5eca-a08e-9275926c6745",
                "label": "wind turbines",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/dcf5d5bf-a3f5-5e4a-99ea-66566d0fd310",
                "label": "offshore renewable energy technologies",
            },
        ],
        "ects": "6",
        "eqf_level": 7,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0713",
        "language": "en",
        "participation_form": "blended",
        "assessment_type": "oral",
        "supervision": "supervised-onsite-id",
        "prerequisites": "A bachelor's degree in mechanical, civil or electrical engineering.",
        "quality_assurance": "",
        "price_minor": 45000,
        "currency": "EUR",
        "start_date": date(2027, 2, 8),
        "end_date": date(2027, 6, 25),
        "self_paced": False,
        "seat_capacity": 40,
        "featured": False,
        "status": "published",
        "qualifications": ["sustainable-energy-specialist"],
    },
    {
        "slug": "tud-python-assessment-of-prior-learning",
        "university": "tu-delft",
        "title": "Python Programming: Assessment of Prior Learning",
        "summary": (
            "An assessment-only route that recognises Python skills gained at work or "
            "through self-study, without any teaching."
        ),
        "description": (
            "This offering contains no teaching: it recognises prior experience in Python "
            "programming gained at work, in open-source projects or through self-study. "
            "Candidates complete a supervised online practical assessment in which they "
            "write, test and debug code for realistic tasks. The tasks are marked by TU "
            "Delft examiners against published criteria. A pass confirms the learning "
            "outcomes of an introductory university course in Python programming."
        ),
        "learning_outcomes": [
            "Learner can write readable Python functions and modules for a given task.",
            "Learner can write unit tests and fix failing code.",
            "Learner can use standard data structures and libraries appropriately.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/ab2f9987-b48c-5ddc-b426-8b8d182a9e71",
                "label": "Python (computer programming)",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/0e91ebd6-08d3-586f-aff8-91a3477a3050",
                "label": "debug software",
            },
        ],
        "ects": "3",
        "eqf_level": 5,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0613",
        "language": "en",
        "participation_form": "online",
        "assessment_type": "practical",
        "supervision": "supervised-online-id",
        "prerequisites": (
            "Practical experience of programming in Python; no course attendance is required."
        ),
        "quality_assurance": (
            "Assessment designed and moderated by TU Delft Extension School examiners "
            "under the TU Delft Board of Examiners."
        ),
        "price_minor": 15000,
        "currency": "EUR",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": ["data-analytics-professional"],
    },
    {
        "slug": "tud-circulair-bouwen",
        "university": "tu-delft",
        "title": "Circulair bouwen en hergebruik van materialen",
        "summary": (
            "Leer hoe je gebouwen ontwerpt en renoveert met herbruikbare materialen en "
            "een zo klein mogelijke milieu-impact."
        ),
        "description": (
            "Deze cursus behandelt de principes van circulair bouwen, van "
            "materialenpaspoorten tot demontabel ontwerpen. Deelnemers analyseren echte "
            "bouwprojecten uit Nederland en berekenen de milieu-impact met een "
            "levenscyclusanalyse. In groepjes werken zij een circulair renovatieplan uit "
            "voor een bestaand gebouw. De bijeenkomsten vinden plaats op de campus in "
            "Delft."
        ),
        "learning_outcomes": [
            "De deelnemer kan de principes van circulair bouwen toepassen op een ontwerpopgave.",
            "De deelnemer kan een eenvoudige levenscyclusanalyse van bouwmaterialen uitvoeren.",
            "De deelnemer kan een materialenpaspoort opstellen en interpreteren.",
            "De deelnemer kan een onderbouwd circulair renovatieplan presenteren.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/556a9010-cb31-580c-9e91-a98fbef2e116",
                "label": "circular economy",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/c2764ed2-c13f-5856-b14a-f7750ab8649a",
                "label": "building construction principles",
            },
        ],
        "ects": "4",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0732",
        "language": "nl",
        "participation_form": "onsite",
        "assessment_type": "project",
        "supervision": "supervised-no-id",
        "prerequisites": "Werkervaring in architectuur, bouwkunde of vastgoed.",
        "quality_assurance": "",
        "price_minor": 38000,
        "currency": "EUR",
        "start_date": date(2027, 3, 1),
        "end_date": date(2027, 5, 28),
        "self_paced": False,
        "seat_capacity": 30,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "tud-ux-design-digital-products",
        "university": "tu-delft",
        "title": "User Experience Design for Digital Products",
        "summary": (
            "A blended course on user research, prototyping and usability testing for "
            "designers, developers and product managers."
        ),
        "description": (
            "Participants follow the full design cycle: understanding users through "
            "interviews, defining problems, sketching and prototyping solutions and "
            "testing them with real users. The course draws on research from the Faculty "
            "of Industrial Design Engineering. Online studio sessions are combined with "
            "two design sprints in Delft. Assessment is based on a portfolio project "
            "developed during the course."
        ),
        "learning_outcomes": [
            "Learner can plan and conduct user interviews and synthesise the findings.",
            "Learner can create interactive prototypes at different levels of fidelity.",
            "Learner can run a usability test and turn the results into design changes.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/e79f184b-6a7e-5e7e-9211-933d82399d16",
                "label": "user-centered design",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/229ede94-13c2-567f-9ac1-718cd4695630",
                "label": "create prototype of user experience solutions",
            },
        ],
        "ects": "4",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0213",
        "language": "en",
        "participation_form": "blended",
        "assessment_type": "project",
        "supervision": "supervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 32000,
        "currency": "EUR",
        "start_date": date(2027, 1, 11),
        "end_date": date(2027, 4, 2),
        "self_paced": False,
        "seat_capacity": 45,
        "featured": True,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "tud-klimaatadaptatie-waterbeheer",
        "university": "tu-delft",
        "title": "Klimaatadaptatie en waterbeheer in steden",
        "summary": (
            "Online cursus over het klimaatbestendig inrichten van steden, met aandacht "
            "voor hittestress, wateroverlast en droogte."
        ),
        "description": (
            "Steden krijgen steeds vaker te maken met extreme neerslag, hitte en droogte. "
            "In deze cursus leren deelnemers risico's in kaart te brengen met stresstests "
            "en passende maatregelen te kiezen, zoals groene daken en wadi's. Casussen "
            "uit Rotterdam en Amsterdam laten zien hoe gemeenten en waterschappen "
            "samenwerken. De cursus wordt afgesloten met een online toets onder toezicht."
        ),
        "learning_outcomes": [
            "De deelnemer kan de belangrijkste klimaatrisico's voor een stedelijk gebied benoemen.",
            "De deelnemer kan de uitkomsten van een klimaatstresstest interpreteren.",
            "De deelnemer kan passende adaptatiemaatregelen selecteren en onderbouwen.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/208906c7-ff5c-5e30-a236-05176a05222c",
                "label": "climate change impact",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/c4d6d636-f68b-591f-a6c9-4a7dfddaf454",
                "label": "water management",
            },
        ],
        "ects": "3",
        "eqf_level": 7,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0521",
        "language": "nl",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "supervised-online-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 29500,
        "currency": "EUR",
        "start_date": date(2027, 4, 12),
        "end_date": date(2027, 6, 18),
        "self_paced": False,
        "seat_capacity": 80,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "tud-responsible-ai",
        "university": "tu-delft",
        "title": "Responsible AI: Ethics and Governance",
        "summary": (
            "An online course on the ethical, legal and organisational questions raised "
            "by AI systems, including compliance with the EU AI Act."
        ),
        "description": (
            "The course examines fairness, transparency, accountability and human "
            "oversight of AI systems from the perspective of TU Delft's value-sensitive "
            "design tradition. Participants analyse real deployments in public services, "
            "healthcare and hiring. A dedicated module covers risk management obligations "
            "under the EU AI Act. The course ends with a supervised oral examination "
            "online."
        ),
        "learning_outcomes": [
            "Learner can identify ethical risks in the design and deployment of an AI system.",
            "Learner can apply value-sensitive design methods to an AI use case.",
            "Learner can describe the obligations of providers of high-risk AI systems.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/75f0a2fb-66a7-523c-be75-ee84d15ba947",
                "label": "principles of artificial intelligence",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/b1e7acc1-f3d2-530e-a11a-8d4e6892459a",
                "label": "ethics",
            },
        ],
        "ects": "2.5",
        "eqf_level": 7,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0688",
        "language": "en",
        "participation_form": "online",
        "assessment_type": "oral",
        "supervision": "supervised-online-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 27500,
        "currency": "EUR",
        "start_date": date(2027, 9, 6),
        "end_date": date(2027, 10, 29),
        "self_paced": False,
        "seat_capacity": 100,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "tud-duurzame-mobiliteit-stadslogistiek",
        "university": "tu-delft",
        "title": "Duurzame mobiliteit en stadslogistiek",
        "summary": (
            "Cursus voor gemeenten, vervoerders en verladers over emissievrije "
            "stadslogistiek en duurzame mobiliteit."
        ),
        "description": (
            "Nederlandse steden voeren zero-emissiezones in voor bestel- en "
            "vrachtverkeer. Deelnemers leren hoe zij logistieke stromen in kaart brengen, "
            "bundelingsconcepten ontwerpen en de effecten op uitstoot en bereikbaarheid "
            "doorrekenen. Online colleges worden gecombineerd met excursies naar "
            "stadshubs in Utrecht en Den Haag. De cursus wordt afgesloten met een "
            "adviesproject voor een echte gemeente."
        ),
        "learning_outcomes": [
            "De deelnemer kan de logistieke stromen in een binnenstad analyseren.",
            "De deelnemer kan een concept voor gebundelde en emissievrije bevoorrading ontwerpen.",
            (
                "De deelnemer kan de effecten van maatregelen op uitstoot en bereikbaarheid "
                "beoordelen."
            ),
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/2d2bf731-81b4-5160-8213-cb8e2de8e970",
                "label": "logistics",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/b901dbbc-dbdf-588d-8726-63682eee10d2",
                "label": "sustainable transport",
            },
        ],
        "ects": "3",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "1041",
        "language": "nl",
        "participation_form": "blended",
        "assessment_type": "project",
        "supervision": "supervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 34000,
        "currency": "EUR",
        "start_date": date(2027, 9, 13),
        "end_date": date(2027, 11, 26),
        "self_paced": False,
        "seat_capacity": 35,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "tum-photovoltaik-systemplanung",
        "university": "tu-muenchen",
        "title": "Photovoltaik-Systemplanung und Netzintegration",
        "summary": (
            "Planung, Auslegung und Netzintegration von Photovoltaikanlagen für Gewerbe, "
            "Industrie und Kommunen."
        ),
        "description": (
            "Der Kurs vermittelt die technische und wirtschaftliche Planung von "
            "PV-Anlagen von der Ertragsprognose bis zum Netzanschluss. Die Teilnehmenden "
            "arbeiten mit Simulationssoftware und realen Standortdaten aus Bayern. "
            "Behandelt werden außerdem Speicherlösungen, Eigenverbrauchsoptimierung und "
            "die geltenden Netzanschlussregeln. Zum Abschluss planen sie im Team eine "
            "Anlage für ein reales Gebäude."
        ),
        "learning_outcomes": [
            (
                "Teilnehmende können den Ertrag einer PV-Anlage mit Simulationssoftware "
                "prognostizieren."
            ),
            "Teilnehmende können Wechselrichter und Speicher passend zur Anlage auslegen.",
            "Teilnehmende können die Wirtschaftlichkeit einer PV-Anlage bewerten.",
            "Teilnehmende können die Anforderungen an den Netzanschluss erläutern.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/ebff077c-c4aa-517e-b436-cc1651838393",
                "label": "solar energy",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/4e4f5105-524c-5da6-aa15-1d851f7c46f5",
                "label": "design photovoltaic systems",
            },
        ],
        "ects": "5",
        "eqf_level": 7,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0713",
        "language": "de",
        "participation_form": "blended",
        "assessment_type": "project",
        "supervision": "supervised-no-id",
        "prerequisites": "Grundkenntnisse der Elektrotechnik auf Bachelorniveau.",
        "quality_assurance": "",
        "price_minor": 42000,
        "currency": "EUR",
        "start_date": date(2027, 3, 1),
        "end_date": date(2027, 7, 16),
        "self_paced": False,
        "seat_capacity": 30,
        "featured": False,
        "status": "published",
        "qualifications": ["sustainable-energy-specialist"],
    },
    {
        "slug": "tum-energy-transition-policy",
        "university": "tu-muenchen",
        "title": "Energy Transition Policy in the European Union",
        "summary": (
            "A free, self-paced online course on the EU climate and energy policy "
            "framework, from the Fit for 55 package to electricity market design."
        ),
        "description": (
            "The course explains how EU climate targets are translated into energy "
            "legislation, emissions trading and support schemes for renewables. "
            "Participants compare national energy strategies of Germany, Poland and the "
            "Netherlands. Short video lectures are combined with policy briefs and data "
            "exercises. The course ends with a supervised online test."
        ),
        "learning_outcomes": [
            "Learner can explain the main instruments of EU climate and energy policy.",
            "Learner can assess how the EU emissions trading system affects energy investments.",
            "Learner can compare national energy transition strategies.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/52f34a4a-8b2d-5f1a-b208-96c93c9ff950",
                "label": "energy policy",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/595bba39-29fe-5de3-aa08-39ce69ca3cbe",
                "label": "environmental policy",
            },
        ],
        "ects": "3",
        "eqf_level": 7,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0313",
        "language": "en",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "supervised-online-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 0,
        "currency": "EUR",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": ["sustainable-energy-specialist"],
    },
    {
        "slug": "tum-data-science-fuer-ingenieure",
        "university": "tu-muenchen",
        "title": "Data Science für Ingenieurinnen und Ingenieure",
        "summary": (
            "Online-Kurs zu Datenanalyse, maschinellem Lernen und Visualisierung mit "
            "Python anhand von Mess- und Produktionsdaten aus der Industrie."
        ),
        "description": (
            "Der Kurs führt von der Aufbereitung von Sensordaten über explorative "
            "Analysen bis zu Modellen des maschinellen Lernens für Qualitätsprognosen. "
            "Alle Übungen verwenden reale, anonymisierte Daten aus Produktionsanlagen "
            "bayerischer Unternehmen. Wöchentliche Live-Sessions ergänzen die "
            "Videolektionen. Den Abschluss bildet ein eigenes Datenprojekt mit Bericht."
        ),
        "learning_outcomes": [
            (
                "Teilnehmende können Sensordaten bereinigen, zusammenführen und explorativ "
                "analysieren."
            ),
            "Teilnehmende können Regressions- und Klassifikationsmodelle trainieren und bewerten.",
            "Teilnehmende können Analyseergebnisse verständlich visualisieren und präsentieren.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/5a75f4a2-48ee-571f-9762-34dcd4c900ed",
                "label": "perform data analysis",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/fe706289-4291-566c-9692-054bdc597d19",
                "label": "machine learning",
            },
        ],
        "ects": "5",
        "eqf_level": 7,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0688",
        "language": "de",
        "participation_form": "online",
        "assessment_type": "project",
        "supervision": "unsupervised-no-id",
        "prerequisites": "Grundkenntnisse in Python und Statistik.",
        "quality_assurance": "",
        "price_minor": 39000,
        "currency": "EUR",
        "start_date": date(2027, 4, 12),
        "end_date": date(2027, 7, 23),
        "self_paced": False,
        "seat_capacity": 120,
        "featured": True,
        "status": "published",
        "qualifications": ["data-analytics-professional"],
    },
    {
        "slug": "tum-secure-software-development",
        "university": "tu-muenchen",
        "title": "Secure Software Development",
        "summary": (
            "An online course for developers on writing secure code, threat modelling and "
            "testing web applications against common vulnerabilities."
        ),
        "description": (
            "The course covers the OWASP Top 10 vulnerabilities, secure coding patterns, "
            "threat modelling and security testing in continuous integration pipelines. "
            "Participants attack and then fix a deliberately vulnerable web application "
            "in a sandbox. Weekly tasks are reviewed by teaching assistants. The final "
            "assessment is a supervised practical task with identity verification."
        ),
        "learning_outcomes": [
            "Learner can identify and fix common web application vulnerabilities.",
            "Learner can build a threat model for a software system.",
            "Learner can integrate automated security testing into a build pipeline.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/3689ad75-4f09-5b7d-a135-e58ac40a4595",
                "label": "apply secure coding practices",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/46a5a499-1c9e-5711-a601-87b94a046ae7",
                "label": "perform ICT security testing",
            },
        ],
        "ects": "3",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0613",
        "language": "en",
        "participation_form": "online",
        "assessment_type": "practical",
        "supervision": "supervised-online-id",
        "prerequisites": "Professional experience in software development in any language.",
        "quality_assurance": "",
        "price_minor": 29000,
        "currency": "EUR",
        "start_date": date(2027, 1, 18),
        "end_date": date(2027, 3, 26),
        "self_paced": False,
        "seat_capacity": 60,
        "featured": False,
        "status": "published",
        "qualifications": ["cybersecurity-foundations"],
    },
    {
        "slug": "tum-cloud-architekturen-kubernetes",
        "university": "tu-muenchen",
        "title": "Cloud-Architekturen mit Kubernetes",
        "summary": (
            "Kurs zu Entwurf, Betrieb und Skalierung containerbasierter Anwendungen mit "
            "Kubernetes in der Cloud."
        ),
        "description": (
            "Die Teilnehmenden lernen die Architektur von Kubernetes kennen und stellen "
            "eigene Anwendungen bereit. Behandelt werden Netzwerke, Speicher, "
            "Überwachung, automatische Skalierung und Sicherheit von Clustern. "
            "Online-Lektionen werden durch zwei Präsenzwochenenden in Garching ergänzt. "
            "Die Prüfung ist eine praktische Aufgabe im Labor unter Aufsicht."
        ),
        "learning_outcomes": [
            "Teilnehmende können eine Anwendung in einem Kubernetes-Cluster bereitstellen.",
            "Teilnehmende können Überwachung und automatische Skalierung konfigurieren.",
            "Teilnehmende können Sicherheitsrichtlinien für einen Cluster festlegen.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/f9b715ea-2e7c-5b26-bc94-abf91123ef3d",
                "label": "cloud technologies",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/4a4662c9-9725-51c6-a2de-b84543b363db",
                "label": "Kubernetes",
            },
        ],
        "ects": "4",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0612",
        "language": "de",
        "participation_form": "blended",
        "assessment_type": "practical",
        "supervision": "supervised-onsite-id",
        "prerequisites": "Erfahrung mit Linux und Container-Technologien.",
        "quality_assurance": "",
        "price_minor": 48000,
        "currency": "EUR",
        "start_date": date(2027, 5, 3),
        "end_date": date(2027, 7, 9),
        "self_paced": False,
        "seat_capacity": 25,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "tum-additive-fertigung",
        "university": "tu-muenchen",
        "title": "Additive Fertigung in der Industrie 4.0",
        "summary": (
            "Präsenzkurs zu Verfahren, Konstruktionsregeln und Qualitätssicherung des "
            "industriellen 3D-Drucks von Metall- und Kunststoffbauteilen."
        ),
        "description": (
            "Der Kurs stellt die wichtigsten additiven Fertigungsverfahren vor und zeigt, "
            "wie Bauteile fertigungsgerecht konstruiert werden. In den Laboren des "
            "Lehrstuhls für Werkzeugmaschinen fertigen die Teilnehmenden eigene "
            "Prototypen. Behandelt werden außerdem Nachbearbeitung, Prüfverfahren und "
            "Wirtschaftlichkeit. Der Kurs schließt mit einer mündlichen Prüfung ab."
        ),
        "learning_outcomes": [
            "Teilnehmende können geeignete additive Verfahren für ein Bauteil auswählen.",
            "Teilnehmende können Bauteile nach den Regeln der additiven Fertigung konstruieren.",
            "Teilnehmende können die Wirtschaftlichkeit des 3D-Drucks beurteilen.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/cf982243-6e0a-547c-a906-af451c0228c6",
                "label": "additive manufacturing",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/39b5a61c-57e0-5c06-beb7-9546efcc67a8",
                "label": "use CAD software",
            },
        ],
        "ects": "4",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0715",
        "language": "de",
        "participation_form": "onsite",
        "assessment_type": "oral",
        "supervision": "supervised-onsite-id",
        "prerequisites": "Abgeschlossenes Ingenieurstudium oder Technikerausbildung.",
        "quality_assurance": "",
        "price_minor": 55000,
        "currency": "EUR",
        "start_date": date(2027, 6, 7),
        "end_date": date(2027, 7, 30),
        "self_paced": False,
        "seat_capacity": 18,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "tum-deutsch-fuer-ingenieure-b2",
        "university": "tu-muenchen",
        "title": "Deutsch für Ingenieurinnen und Ingenieure (B2)",
        "summary": (
            "Präsenz-Sprachkurs für internationale Fachkräfte, die Deutsch im technischen "
            "Berufsalltag sicher verwenden möchten."
        ),
        "description": (
            "Der Kurs trainiert Fachkommunikation in Besprechungen, Präsentationen, "
            "E-Mails und technischen Berichten. Die Übungen basieren auf realen "
            "Situationen aus Ingenieurbüros und Industrieunternehmen. Der Unterricht "
            "findet zweimal pro Woche in kleinen Gruppen in München statt. Den Abschluss "
            "bildet eine mündliche Prüfung auf Niveau B2."
        ),
        "learning_outcomes": [
            "Teilnehmende können in Fachbesprechungen ihre Position klar begründen.",
            "Teilnehmende können einen kurzen technischen Bericht auf Deutsch verfassen.",
            "Teilnehmende können eine Fachpräsentation halten und Rückfragen beantworten.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/9b26ad31-46ae-5fbc-8543-34ae56655b6d",
                "label": "interact verbally in German",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/96a08157-94b2-5569-85fb-d7460debaf39",
                "label": "write German",
            },
        ],
        "ects": "3",
        "eqf_level": 5,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0231",
        "language": "de",
        "participation_form": "onsite",
        "assessment_type": "oral",
        "supervision": "supervised-onsite-id",
        "prerequisites": "Deutschkenntnisse auf Niveau B1.",
        "quality_assurance": "",
        "price_minor": 24000,
        "currency": "EUR",
        "start_date": date(2027, 2, 15),
        "end_date": date(2027, 5, 21),
        "self_paced": False,
        "seat_capacity": 20,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "usal-marketing-digital-seo",
        "university": "universidad-de-salamanca",
        "title": "Marketing digital y posicionamiento SEO",
        "summary": (
            "Curso en línea a tu ritmo sobre estrategia de marketing digital, "
            "posicionamiento en buscadores y publicidad en redes."
        ),
        "description": (
            "El curso aborda la definición de una estrategia digital, la investigación de "
            "palabras clave y la optimización técnica y de contenidos para buscadores. "
            "También se estudian la publicidad de pago y la medición de resultados. Los "
            "participantes trabajan sobre el sitio web de una pyme real. La evaluación "
            "consiste en un proyecto de auditoría SEO con plan de mejora."
        ),
        "learning_outcomes": [
            "El participante es capaz de realizar una auditoría SEO de un sitio web.",
            "El participante es capaz de investigar y seleccionar palabras clave.",
            "El participante es capaz de diseñar un plan de marketing digital para una pyme.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/97158a2f-d853-54a4-bacf-3b7ac49544c7",
                "label": "search engine optimisation",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/6bc74ec6-a454-5e44-9cd8-d949af7141d4",
                "label": "digital marketing techniques",
            },
        ],
        "ects": "4",
        "eqf_level": 5,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0414",
        "language": "es",
        "participation_form": "online",
        "assessment_type": "project",
        "supervision": "unsupervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 29000,
        "currency": "EUR",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": ["digital-marketing-diploma"],
    },
    {
        "slug": "usal-comercio-electronico",
        "university": "universidad-de-salamanca",
        "title": "Comercio electrónico: estrategia y operaciones",
        "summary": (
            "Curso en línea sobre la creación y gestión de una tienda en línea, desde la "
            "estrategia hasta la logística y los pagos."
        ),
        "description": (
            "Los participantes aprenden a elegir una plataforma de comercio electrónico, "
            "organizar el catálogo y gestionar pagos, envíos y devoluciones. Se analiza "
            "la normativa europea de protección del consumidor en la venta a distancia. "
            "El curso combina vídeos, casos prácticos y sesiones en directo con "
            "profesionales del sector. La evaluación es un examen en línea con "
            "verificación de identidad."
        ),
        "learning_outcomes": [
            (
                "El participante es capaz de elegir un modelo de negocio y una plataforma de "
                "comercio electrónico."
            ),
            "El participante es capaz de organizar la logística de pedidos, envíos y devoluciones.",
            "El participante es capaz de aplicar los requisitos legales de la venta en línea.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/f89ba5af-e17b-55f4-97a3-441f20484a09",
                "label": "e-commerce systems",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/6bc74ec6-a454-5e44-9cd8-d949af7141d4",
                "label": "digital marketing techniques",
            },
        ],
        "ects": "3",
        "eqf_level": 5,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0414",
        "language": "es",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "supervised-online-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 24000,
        "currency": "EUR",
        "start_date": date(2027, 2, 1),
        "end_date": date(2027, 4, 9),
        "self_paced": False,
        "seat_capacity": 150,
        "featured": False,
        "status": "published",
        "qualifications": ["digital-marketing-diploma"],
    },
    {
        "slug": "usal-espanol-fines-profesionales-b2",
        "university": "universidad-de-salamanca",
        "title": "Español para fines profesionales (B2)",
        "summary": (
            "Curso presencial intensivo de verano en Salamanca para profesionales que "
            "utilizan el español en reuniones, negociaciones y correspondencia."
        ),
        "description": (
            "El curso desarrolla la comunicación oral y escrita en contextos "
            "profesionales: reuniones, presentaciones, negociaciones y correos formales. "
            "Las clases se imparten en grupos reducidos en el edificio histórico de "
            "Cursos Internacionales. El programa incluye actividades culturales y visitas "
            "a empresas de la región. La evaluación final es un examen oral de nivel B2."
        ),
        "learning_outcomes": [
            (
                "El participante es capaz de participar con fluidez en reuniones de trabajo "
                "en español."
            ),
            "El participante es capaz de redactar correos y documentos profesionales formales.",
            "El participante es capaz de realizar una presentación y responder a preguntas.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/c5650c68-0755-5295-9ebe-fff6fc9e8971",
                "label": "understand spoken Spanish",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/44c16e85-f8c9-5f84-9082-402b8cb72892",
                "label": "interact verbally in Spanish",
            },
        ],
        "ects": "6",
        "eqf_level": 5,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0231",
        "language": "es",
        "participation_form": "onsite",
        "assessment_type": "oral",
        "supervision": "supervised-onsite-id",
        "prerequisites": "Nivel B1 de español acreditado o prueba de nivel.",
        "quality_assurance": "",
        "price_minor": 52000,
        "currency": "EUR",
        "start_date": date(2027, 7, 1),
        "end_date": date(2027, 7, 30),
        "self_paced": False,
        "seat_capacity": 20,
        "featured": True,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "usal-data-analytics-gestion-publica",
        "university": "universidad-de-salamanca",
        "title": "Data Analytics para la gestión pública",
        "summary": (
            "Curso semipresencial sobre el uso de datos abiertos y cuadros de mando para "
            "mejorar las decisiones en las administraciones públicas."
        ),
        "description": (
            "El curso enseña a localizar, depurar y analizar datos de registros "
            "administrativos y portales de datos abiertos. Los participantes construyen "
            "indicadores y cuadros de mando para servicios municipales y autonómicos. Las "
            "sesiones en línea se complementan con dos talleres presenciales en "
            "Salamanca. La evaluación consiste en un proyecto aplicado a un servicio "
            "público real."
        ),
        "learning_outcomes": [
            "El participante es capaz de obtener y depurar datos de fuentes administrativas.",
            "El participante es capaz de diseñar indicadores de gestión de un servicio público.",
            "El participante es capaz de construir un cuadro de mando para la toma de decisiones.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/5a75f4a2-48ee-571f-9762-34dcd4c900ed",
                "label": "perform data analysis",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/83ddd17a-fc24-59f5-baef-08d001503e0a",
                "label": "deliver visual presentation of data",
            },
        ],
        "ects": "4",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0413",
        "language": "es",
        "participation_form": "blended",
        "assessment_type": "project",
        "supervision": "supervised-no-id",
        "prerequisites": (
            "Experiencia en la administración pública o en consultoría del sector público."
        ),
        "quality_assurance": "",
        "price_minor": 36000,
        "currency": "EUR",
        "start_date": date(2027, 3, 8),
        "end_date": date(2027, 6, 11),
        "self_paced": False,
        "seat_capacity": 35,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "usal-derecho-europeo-consumo",
        "university": "universidad-de-salamanca",
        "title": "Derecho europeo de protección del consumidor",
        "summary": (
            "Curso en línea para juristas sobre la normativa europea de consumo y su "
            "aplicación por los tribunales españoles."
        ),
        "description": (
            "El curso estudia las directivas europeas sobre cláusulas abusivas, prácticas "
            "comerciales desleales y contratos a distancia. Se analiza la jurisprudencia "
            "del Tribunal de Justicia de la Unión Europea y su impacto en los litigios "
            "hipotecarios en España. Cada módulo incluye casos prácticos y foros de "
            "debate. La evaluación final es un examen oral por videoconferencia."
        ),
        "learning_outcomes": [
            (
                "El participante es capaz de identificar cláusulas abusivas en contratos con "
                "consumidores."
            ),
            "El participante es capaz de aplicar la jurisprudencia del TJUE a un caso concreto.",
            (
                "El participante es capaz de asesorar sobre los derechos del consumidor en la "
                "venta a distancia."
            ),
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/9e2b0415-b642-52da-a6b5-b63f7ec54c50",
                "label": "consumer protection",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/90279353-fa43-510c-a5fe-644662cce41b",
                "label": "European Union law",
            },
        ],
        "ects": "3",
        "eqf_level": 7,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0421",
        "language": "es",
        "participation_form": "online",
        "assessment_type": "oral",
        "supervision": "supervised-online-id",
        "prerequisites": "Licenciatura o grado en Derecho.",
        "quality_assurance": "",
        "price_minor": 31000,
        "currency": "EUR",
        "start_date": date(2027, 1, 25),
        "end_date": date(2027, 4, 16),
        "self_paced": False,
        "seat_capacity": 60,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "usal-turismo-sostenible-patrimonio",
        "university": "universidad-de-salamanca",
        "title": "Turismo sostenible y patrimonio cultural",
        "summary": (
            "Curso semipresencial sobre la gestión sostenible de destinos patrimoniales y "
            "la creación de productos turísticos responsables."
        ),
        "description": (
            "El curso aborda la planificación de destinos, la capacidad de carga y la "
            "participación de la comunidad local en la gestión del patrimonio. Se "
            "estudian casos de ciudades Patrimonio de la Humanidad como Salamanca y "
            "Ávila. Las sesiones en línea se completan con trabajo de campo en la ciudad. "
            "La evaluación es un proyecto de producto turístico sostenible."
        ),
        "learning_outcomes": [
            (
                "El participante es capaz de evaluar los impactos del turismo en un destino "
                "patrimonial."
            ),
            "El participante es capaz de diseñar un producto turístico sostenible.",
            "El participante es capaz de proponer medidas de gestión de flujos de visitantes.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/ad6af332-b689-57e2-9c93-3577481f55f5",
                "label": "sustainable tourism",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/1b719e66-8b16-56a3-a234-4d35592e7302",
                "label": "cultural heritage",
            },
        ],
        "ects": "3",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "1015",
        "language": "es",
        "participation_form": "blended",
        "assessment_type": "project",
        "supervision": "supervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 27000,
        "currency": "EUR",
        "start_date": date(2027, 4, 19),
        "end_date": date(2027, 6, 25),
        "self_paced": False,
        "seat_capacity": 40,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "usal-aprendizaje-basado-en-proyectos",
        "university": "universidad-de-salamanca",
        "title": "Aprendizaje basado en proyectos en el aula",
        "summary": (
            "Curso gratuito en línea para docentes de primaria y secundaria sobre el "
            "diseño y la evaluación de proyectos de aprendizaje."
        ),
        "description": (
            "El curso presenta los fundamentos del aprendizaje basado en proyectos y su "
            "relación con el currículo por competencias. Los docentes diseñan un proyecto "
            "para su aula, con rúbricas de evaluación y productos finales. Se comparten "
            "experiencias de centros educativos de Castilla y León. La evaluación "
            "consiste en la revisión del portafolio docente por un experto de la Facultad "
            "de Educación."
        ),
        "learning_outcomes": [
            (
                "El participante es capaz de diseñar un proyecto de aprendizaje alineado con "
                "el currículo."
            ),
            "El participante es capaz de elaborar rúbricas de evaluación de competencias.",
            (
                "El participante es capaz de reflexionar sobre su práctica docente a partir "
                "de evidencias."
            ),
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/adbea35b-0eed-5ecf-96b8-7bb20737afa9",
                "label": "apply teaching strategies",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/7ff0719d-a896-5596-a95f-e69f7d6e0d16",
                "label": "assess students",
            },
        ],
        "ects": "2.5",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0111",
        "language": "es",
        "participation_form": "online",
        "assessment_type": "expert_review",
        "supervision": "unsupervised-no-id",
        "prerequisites": "Ejercer como docente en un centro educativo.",
        "quality_assurance": "",
        "price_minor": 0,
        "currency": "EUR",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "vu-kibernetinio-saugumo-pagrindai",
        "university": "vilniaus-universitetas",
        "title": "Kibernetinio saugumo pagrindai",
        "summary": (
            "Įvadinis nuotolinis kursas apie dažniausias kibernetines grėsmes, saugų "
            "elgesį internete ir organizacijos informacijos apsaugą."
        ),
        "description": (
            "Kursas skirtas specialistams, kurie nori suprasti, kaip apsaugoti "
            "organizacijos informacines sistemas. Nagrinėjamos dažniausios atakos, "
            "slaptažodžių ir prieigos valdymas, šifravimo pagrindai ir NIS2 direktyvos "
            "reikalavimai. Medžiaga pateikiama trumpais vaizdo įrašais ir praktinėmis "
            "užduotimis. Kursas baigiamas nuotoliniu testu su tapatybės patikra."
        ),
        "learning_outcomes": [
            (
                "Dalyvis geba atpažinti dažniausias kibernetines grėsmes ir socialinės "
                "inžinerijos atakas."
            ),
            "Dalyvis geba taikyti pagrindines slaptažodžių ir prieigos valdymo taisykles.",
            "Dalyvis geba paaiškinti šifravimo ir atsarginių kopijų darymo principus.",
            "Dalyvis geba apibūdinti NIS2 direktyvos reikalavimus organizacijai.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/ddc630e3-1c30-5bbf-8649-384492855c7a",
                "label": "cyber security",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/98502505-f2b0-5bec-aa4d-9f1e2337bc6d",
                "label": "ICT security legislation",
            },
        ],
        "ects": "4",
        "eqf_level": 5,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0612",
        "language": "lt",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "supervised-online-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 18000,
        "currency": "EUR",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": ["cybersecurity-foundations"],
    },
    {
        "slug": "vu-incident-response-digital-forensics",
        "university": "vilniaus-universitetas",
        "title": "Incident Response and Digital Forensics",
        "summary": (
            "A blended course in English on detecting, containing and investigating "
            "security incidents, with hands-on labs at the Faculty of Mathematics and "
            "Informatics."
        ),
        "description": (
            "Participants learn how to prepare an incident response plan, analyse logs "
            "and memory images and preserve digital evidence. Lab sessions in Vilnius "
            "simulate ransomware and data breach scenarios in a realistic network. The "
            "course also covers reporting obligations under NIS2 and the GDPR. The final "
            "assessment is a supervised practical incident investigation."
        ),
        "learning_outcomes": [
            "Learner can triage a security incident and coordinate containment steps.",
            "Learner can collect and preserve digital evidence in a forensically sound way.",
            "Learner can analyse system logs to reconstruct the timeline of an attack.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/1bafefd2-804e-5b5e-aa56-3e8f28ccb25b",
                "label": "manage ICT security incidents",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/e055dbb0-0c39-5847-9242-2a23852bd332",
                "label": "perform forensic investigations",
            },
        ],
        "ects": "3",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0612",
        "language": "en",
        "participation_form": "blended",
        "assessment_type": "practical",
        "supervision": "supervised-onsite-id",
        "prerequisites": "Basic knowledge of operating systems and computer networks.",
        "quality_assurance": "",
        "price_minor": 34000,
        "currency": "EUR",
        "start_date": date(2027, 2, 22),
        "end_date": date(2027, 4, 30),
        "self_paced": False,
        "seat_capacity": 25,
        "featured": False,
        "status": "published",
        "qualifications": ["cybersecurity-foundations"],
    },
    {
        "slug": "vu-applied-statistics-data-analysis",
        "university": "vilniaus-universitetas",
        "title": "Applied Statistics for Data Analysis",
        "summary": (
            "An online course in English covering the statistical methods most used in "
            "business and research data analysis, with exercises in R."
        ),
        "description": (
            "The course covers descriptive statistics, probability distributions, "
            "hypothesis testing, regression and an introduction to experimental design. "
            "Each topic is illustrated with data sets from business, public health and "
            "social research. Weekly live sessions with the lecturer complement the "
            "recorded material. The course ends with a supervised online test."
        ),
        "learning_outcomes": [
            "Learner can choose and apply an appropriate statistical test.",
            "Learner can fit and interpret linear and logistic regression models.",
            "Learner can design a simple experiment and estimate the sample size needed.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/4996f930-a9cc-5356-ba14-2ebd06f083cb",
                "label": "statistics",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/6ab03e38-665e-5609-9241-11f7428d25d4",
                "label": "apply statistical analysis techniques",
            },
        ],
        "ects": "4",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0542",
        "language": "en",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "supervised-online-id",
        "prerequisites": "Mathematics at upper-secondary level.",
        "quality_assurance": "",
        "price_minor": 28000,
        "currency": "EUR",
        "start_date": date(2027, 1, 11),
        "end_date": date(2027, 4, 12),
        "self_paced": False,
        "seat_capacity": 100,
        "featured": False,
        "status": "published",
        "qualifications": ["data-analytics-professional"],
    },
    {
        "slug": "vu-duomenu-vizualizacija-power-bi",
        "university": "vilniaus-universitetas",
        "title": "Duomenų vizualizacija su Power BI",
        "summary": (
            "Praktinis nuotolinis kursas, kuriame mokomasi kurti interaktyvias ataskaitas "
            "ir informacijos suvestines su Power BI."
        ),
        "description": (
            "Kurso dalyviai mokosi importuoti ir tvarkyti duomenis iš įvairių šaltinių, "
            "kurti duomenų modelius ir aiškias vizualizacijas. Daug dėmesio skiriama "
            "tinkamam diagramų pasirinkimui ir rezultatų pristatymui vadovams. Kiekvieną "
            "savaitę atliekama praktinė užduotis su realiais viešaisiais duomenimis. "
            "Galutinis vertinimas yra praktinė užduotis, kurią įvertina dėstytojas."
        ),
        "learning_outcomes": [
            "Dalyvis geba importuoti ir išvalyti duomenis Power BI aplinkoje.",
            "Dalyvis geba sukurti duomenų modelį ir paprastus DAX skaičiavimus.",
            "Dalyvis geba parengti interaktyvią informacijos suvestinę vadovams.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/83ddd17a-fc24-59f5-baef-08d001503e0a",
                "label": "deliver visual presentation of data",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/aa2e923d-647a-5994-91e6-d66c007f888b",
                "label": "business intelligence",
            },
        ],
        "ects": "3",
        "eqf_level": 5,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0688",
        "language": "lt",
        "participation_form": "online",
        "assessment_type": "practical",
        "supervision": "supervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 22000,
        "currency": "EUR",
        "start_date": date(2027, 3, 1),
        "end_date": date(2027, 4, 26),
        "self_paced": False,
        "seat_capacity": 60,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "vu-lithuanian-language-culture-a1",
        "university": "vilniaus-universitetas",
        "title": "Lithuanian Language and Culture for Beginners (A1)",
        "summary": (
            "An intensive summer course in Vilnius for complete beginners, combining "
            "Lithuanian language classes with an introduction to Lithuanian history and "
            "culture."
        ),
        "description": (
            "Participants learn the basics of Lithuanian pronunciation, grammar and "
            "everyday vocabulary through communicative classes taught with English "
            "support. Afternoon lectures and excursions introduce the history, literature "
            "and traditions of Lithuania. The course is suited to professionals "
            "relocating to Lithuania and to heritage learners. It ends with an oral "
            "examination at level A1."
        ),
        "learning_outcomes": [
            "Learner can introduce themselves and handle simple everyday situations in Lithuanian.",
            "Learner can understand short, simple texts such as signs and notices.",
            "Learner can describe key facts about Lithuanian history and culture.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/6f62fbf4-2a7d-5493-b2ad-a7397e052bdc",
                "label": "understand spoken Lithuanian",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/93c1ceeb-54f7-57cd-94ea-f989a7846e69",
                "label": "interact verbally in Lithuanian",
            },
        ],
        "ects": "5",
        "eqf_level": 4,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0231",
        "language": "en",
        "participation_form": "onsite",
        "assessment_type": "oral",
        "supervision": "supervised-onsite-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 39000,
        "currency": "EUR",
        "start_date": date(2027, 7, 5),
        "end_date": date(2027, 7, 30),
        "self_paced": False,
        "seat_capacity": 30,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "vu-slaugos-praktika-letines-ligos",
        "university": "vilniaus-universitetas",
        "title": "Slaugos praktika: lėtinių ligų valdymas",
        "summary": (
            "Mišrios formos kursas slaugytojams apie pacientų, sergančių lėtinėmis "
            "ligomis, priežiūrą ir mokymą."
        ),
        "description": (
            "Kursas skirtas praktikuojantiems slaugytojams, dirbantiems ligoninėse, "
            "poliklinikose ir namų slaugos tarnybose. Nagrinėjami cukrinio diabeto, "
            "širdies nepakankamumo ir lėtinės obstrukcinės plaučių ligos slaugos "
            "ypatumai. Daug dėmesio skiriama paciento mokymui ir savirūpos skatinimui. "
            "Praktiniai užsiėmimai vyksta Medicinos fakulteto simuliacijų centre "
            "Vilniuje."
        ),
        "learning_outcomes": [
            "Dalyvis geba įvertinti lėtine liga sergančio paciento slaugos poreikius.",
            "Dalyvis geba parengti individualų slaugos planą ir jį koreguoti.",
            "Dalyvis geba mokyti pacientą ir jo artimuosius savirūpos įgūdžių.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/1a3e4cb9-7887-5171-8a7d-536bcc14b31e",
                "label": "implement nursing care",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/5260c1f7-3a4b-59fc-8cdd-c37374d47a99",
                "label": "educate on the prevention of illness",
            },
        ],
        "ects": "4",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0913",
        "language": "lt",
        "participation_form": "blended",
        "assessment_type": "practical",
        "supervision": "supervised-onsite-id",
        "prerequisites": "Galiojanti bendrosios praktikos slaugytojo licencija.",
        "quality_assurance": (
            "Kursas suderintas su Sveikatos apsaugos ministerijos reikalavimais "
            "slaugytojų tobulinimuisi ir atitinka Vilniaus universiteto vidinę kokybės "
            "užtikrinimo sistemą."
        ),
        "price_minor": 26000,
        "currency": "EUR",
        "start_date": date(2027, 2, 1),
        "end_date": date(2027, 5, 28),
        "self_paced": False,
        "seat_capacity": 24,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "vu-people-analytics-hr",
        "university": "vilniaus-universitetas",
        "title": "People Analytics in Human Resource Management",
        "summary": (
            "A self-paced online course on using workforce data to improve recruitment, "
            "retention and employee engagement."
        ),
        "description": (
            "The course shows HR professionals how to define people metrics, combine data "
            "from HR systems and surveys, and analyse turnover and engagement. "
            "Participants learn basic analysis in spreadsheets and R and the data "
            "protection rules that apply to employee data. Case studies come from shared "
            "service centres in Vilnius. The course is assessed through an analytics "
            "project on an anonymised data set."
        ),
        "learning_outcomes": [
            "Learner can define and calculate key HR metrics such as turnover and time to hire.",
            "Learner can analyse employee survey data to identify drivers of engagement.",
            (
                "Learner can present HR analytics findings to managers while respecting data "
                "protection."
            ),
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/0cb397c4-bf47-5c55-a385-442c870582ba",
                "label": "human resource management",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/5a75f4a2-48ee-571f-9762-34dcd4c900ed",
                "label": "perform data analysis",
            },
        ],
        "ects": "2.5",
        "eqf_level": 7,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0413",
        "language": "en",
        "participation_form": "online",
        "assessment_type": "project",
        "supervision": "unsupervised-no-id",
        "prerequisites": "Work experience in human resources or people management.",
        "quality_assurance": "",
        "price_minor": 21000,
        "currency": "EUR",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "up-marketing-de-conteudos",
        "university": "universidade-do-porto",
        "title": "Marketing de conteúdos e redes sociais",
        "summary": (
            "Curso online ao seu ritmo sobre o planeamento, a criação e a avaliação de "
            "conteúdos para redes sociais e blogues de empresas."
        ),
        "description": (
            "O curso aborda a definição de personas, o calendário editorial e a criação "
            "de conteúdos escritos, visuais e em vídeo. Os participantes aprendem a "
            "adaptar mensagens a cada rede social e a medir o envolvimento do público. "
            "São analisados casos de marcas portuguesas e europeias. A avaliação consiste "
            "num projeto de estratégia de conteúdos para uma organização real."
        ),
        "learning_outcomes": [
            "O participante é capaz de definir personas e objetivos de comunicação.",
            "O participante é capaz de elaborar um calendário editorial para várias redes sociais.",
            "O participante é capaz de avaliar o desempenho dos conteúdos com métricas adequadas.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/88605364-0510-5a45-b50a-8627b58a1b53",
                "label": "content marketing strategy",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/5e273495-b4b5-545d-8305-13639148c946",
                "label": "social media management",
            },
        ],
        "ects": "3",
        "eqf_level": 5,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0414",
        "language": "pt",
        "participation_form": "online",
        "assessment_type": "project",
        "supervision": "unsupervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 19500,
        "currency": "EUR",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "published",
        "qualifications": ["digital-marketing-diploma"],
    },
    {
        "slug": "up-cuidados-paliativos-enfermagem",
        "university": "universidade-do-porto",
        "title": "Cuidados paliativos na prática de enfermagem",
        "summary": (
            "Curso misto para enfermeiros sobre o controlo de sintomas, a comunicação com "
            "doentes e famílias e o acompanhamento em fim de vida."
        ),
        "description": (
            "O curso aborda os princípios dos cuidados paliativos, a avaliação e o "
            "controlo da dor e de outros sintomas e a comunicação de más notícias. Os "
            "participantes discutem dilemas éticos e o apoio ao luto das famílias. As "
            "sessões online são complementadas por estágios de observação em unidades de "
            "cuidados paliativos do Porto. A avaliação é uma tarefa prática "
            "supervisionada em contexto de simulação."
        ),
        "learning_outcomes": [
            "O participante é capaz de avaliar e controlar a dor e outros sintomas frequentes.",
            "O participante é capaz de comunicar de forma empática com doentes e famílias.",
            "O participante é capaz de planear cuidados de enfermagem em fim de vida.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/cb745f0c-6ea6-59ca-9605-70ff9a84110d",
                "label": "provide palliative care",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/1a3e4cb9-7887-5171-8a7d-536bcc14b31e",
                "label": "implement nursing care",
            },
        ],
        "ects": "5",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0913",
        "language": "pt",
        "participation_form": "blended",
        "assessment_type": "practical",
        "supervision": "supervised-onsite-id",
        "prerequisites": "Licenciatura em Enfermagem e inscrição na Ordem dos Enfermeiros.",
        "quality_assurance": (
            "Curso desenvolvido em parceria com o Centro Hospitalar Universitário de São "
            "João e sujeito ao sistema interno de garantia da qualidade da Universidade "
            "do Porto."
        ),
        "price_minor": 42000,
        "currency": "EUR",
        "start_date": date(2027, 1, 18),
        "end_date": date(2027, 5, 14),
        "self_paced": False,
        "seat_capacity": 30,
        "featured": True,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "up-comunidades-energia-renovavel",
        "university": "universidade-do-porto",
        "title": "Comunidades de energia renovável",
        "summary": (
            "Curso online sobre a criação e a gestão de comunidades de energia e "
            "autoconsumo coletivo em Portugal e na União Europeia."
        ),
        "description": (
            "O curso explica o enquadramento legal das comunidades de energia renovável e "
            "do autoconsumo coletivo. Os participantes aprendem a dimensionar instalações "
            "partilhadas, a definir regras de repartição da energia e a avaliar a "
            "viabilidade económica. São apresentados casos de municípios e cooperativas "
            "do norte de Portugal. A avaliação final é um teste online com verificação de "
            "identidade."
        ),
        "learning_outcomes": [
            "O participante é capaz de explicar o enquadramento legal do autoconsumo coletivo.",
            "O participante é capaz de dimensionar uma instalação solar partilhada.",
            (
                "O participante é capaz de avaliar a viabilidade económica de uma comunidade "
                "de energia."
            ),
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/ebff077c-c4aa-517e-b436-cc1651838393",
                "label": "solar energy",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/cfedddcf-f84c-5e9f-a59f-672cb2857daf",
                "label": "energy market",
            },
        ],
        "ects": "3",
        "eqf_level": 6,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0713",
        "language": "pt",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "supervised-online-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 25000,
        "currency": "EUR",
        "start_date": date(2027, 3, 1),
        "end_date": date(2027, 4, 30),
        "self_paced": False,
        "seat_capacity": 80,
        "featured": False,
        "status": "published",
        "qualifications": ["sustainable-energy-specialist"],
    },
    {
        "slug": "up-portugues-lingua-estrangeira-a2",
        "university": "universidade-do-porto",
        "title": "Português para estrangeiros: nível A2",
        "summary": (
            "Curso presencial de língua portuguesa para profissionais estrangeiros que "
            "vivem e trabalham no Porto."
        ),
        "description": (
            "O curso desenvolve a compreensão e a expressão oral e escrita em situações "
            "do quotidiano e do trabalho. As aulas decorrem em pequenos grupos na "
            "Faculdade de Letras, com materiais autênticos. O programa inclui atividades "
            "culturais pela cidade. A avaliação final é um exame oral de nível A2."
        ),
        "learning_outcomes": [
            "O participante é capaz de comunicar em situações simples do dia a dia e do trabalho.",
            "O participante é capaz de escrever mensagens curtas e preencher formulários.",
            "O participante é capaz de compreender informações essenciais em anúncios e avisos.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/d188a939-43a7-5d72-a580-0f537800917c",
                "label": "understand spoken Portuguese",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/94d791ab-9c3c-5987-a401-f29fbe1f700d",
                "label": "interact verbally in Portuguese",
            },
        ],
        "ects": "4",
        "eqf_level": 4,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "0231",
        "language": "pt",
        "participation_form": "onsite",
        "assessment_type": "oral",
        "supervision": "supervised-onsite-id",
        "prerequisites": "Nível A1 de português ou teste de colocação.",
        "quality_assurance": "",
        "price_minor": 36000,
        "currency": "EUR",
        "start_date": date(2027, 9, 13),
        "end_date": date(2027, 12, 17),
        "self_paced": False,
        "seat_capacity": 18,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "up-sustainable-supply-chain",
        "university": "universidade-do-porto",
        "title": "Sustainable Supply Chain Management",
        "summary": (
            "A blended course in English on reducing the environmental and social impact "
            "of supply chains while keeping them resilient and cost-effective."
        ),
        "description": (
            "The course covers carbon accounting across the supply chain, sustainable "
            "sourcing, circular logistics and due diligence obligations under EU law. "
            "Participants analyse supply chains of Portuguese textile, cork and food "
            "companies. Online modules are combined with a study week in Porto including "
            "company visits. Assessment is based on a team project for a partner company."
        ),
        "learning_outcomes": [
            "Learner can map the main environmental and social risks in a supply chain.",
            "Learner can estimate scope 3 emissions for a product supply chain.",
            "Learner can design a sustainable sourcing and supplier engagement plan.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/1bf7d868-f54b-58ab-9696-e654127d90ef",
                "label": "supply chain management",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/556a9010-cb31-580c-9e91-a98fbef2e116",
                "label": "circular economy",
            },
        ],
        "ects": "4",
        "eqf_level": 7,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "1041",
        "language": "en",
        "participation_form": "blended",
        "assessment_type": "project",
        "supervision": "supervised-no-id",
        "prerequisites": "A bachelor's degree and at least two years of work experience.",
        "quality_assurance": "",
        "price_minor": 48000,
        "currency": "EUR",
        "start_date": date(2027, 2, 15),
        "end_date": date(2027, 5, 31),
        "self_paced": False,
        "seat_capacity": 35,
        "featured": False,
        "status": "published",
        "qualifications": [],
    },
    {
        "slug": "up-turismo-digital",
        "university": "universidade-do-porto",
        "title": "Turismo digital e experiência do visitante",
        "summary": (
            "Curso online ao seu ritmo sobre ferramentas digitais para melhorar a "
            "experiência dos visitantes em destinos e empresas turísticas."
        ),
        "description": (
            "O curso aborda a jornada digital do visitante, as plataformas de reservas, "
            "as avaliações online e a utilização de dados para personalizar serviços. São "
            "apresentados exemplos do Porto e do Vale do Douro. Cada módulo inclui "
            "vídeos, leituras e questionários. A avaliação final é um teste online."
        ),
        "learning_outcomes": [
            "O participante é capaz de mapear a jornada digital de um visitante.",
            "O participante é capaz de gerir a reputação online de uma empresa turística.",
            "O participante é capaz de propor melhorias digitais para a experiência do visitante.",
        ],
        "esco_skills": [
            {
                "uri": "http://data.europa.eu/esco/skill/5fb6b260-1133-5f9e-8050-5f5dc3a8ced9",
                "label": "tourism market",
            },
            {
                "uri": "http://data.europa.eu/esco/skill/6bc74ec6-a454-5e44-9cd8-d949af7141d4",
                "label": "digital marketing techniques",
            },
        ],
        "ects": "2.5",
        "eqf_level": 5,
        "nqf_level": None,
        "nqf_framework": None,
        "isced_f_code": "1015",
        "language": "pt",
        "participation_form": "online",
        "assessment_type": "test",
        "supervision": "unsupervised-no-id",
        "prerequisites": "",
        "quality_assurance": "",
        "price_minor": 15000,
        "currency": "EUR",
        "start_date": None,
        "end_date": None,
        "self_paced": True,
        "seat_capacity": None,
        "featured": False,
        "status": "draft",
        "qualifications": [],
    },
]
