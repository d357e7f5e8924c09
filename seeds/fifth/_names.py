"""Names: forenames with the short forms people use, and surnames by background."""

from __future__ import annotations


def _words(text: str) -> list[str]:
    return text.split()


# Forename:short,forms colleagues use for them.
_MALE_TEXT = """Gareth:Gaz David:Dave,Davey Michael:Mike,Mick,Mikey James:Jim,Jimmy,Jamie
Robert:Rob,Bob,Robbie Richard:Rich,Richie Christopher:Chris Daniel:Dan,Danny Matthew:Matt
Anthony:Tony,Ant Stephen:Steve Steven:Steve Paul Mark Andrew:Andy Darren:Daz Gary:Gaz Lee
Craig Jonathan:Jon,Jonny Thomas:Tom,Tommy William:Will,Bill,Billy Joseph:Joe Benjamin:Ben
Samuel:Sam Nicholas:Nick Alexander:Alex Edward:Ed,Eddie Peter:Pete Kevin:Kev
Terence:Terry,Tel Stuart:Stu Patrick:Pat,Paddy Sean Ciaran Declan:Dec Ryan Liam Connor Jack
Harry Callum:Cal Nathan:Nath Aaron Jason Dean Wayne Shane Scott Kieran Philip:Phil Simon:Si
Timothy:Tim Gregory:Greg Mohammed:Mo Imran Amir Rajesh:Raj Sanjay:Sanj Arjun Harpreet:Harp
Kwame Oluwaseun:Seun Adebayo:Bayo Olumide:Mide Chinedu:Chi Emeka Kofi Tomasz:Tomek
Piotr:Pete Krzysztof:Kris Marcin Delroy:Del Winston Leroy:Roy Jermaine Tyrone:Ty Mehmet:Mem
Hassan Abdi Wei Minh Nikos:Nick Joao:John"""
_FEMALE_TEXT = """Elizabeth:Liz,Lizzie,Beth Margaret:Mags,Maggie
Katherine:Kate,Kath,Katie Catherine:Cath,Kate
Rebecca:Becky,Becca Victoria:Vicky,Tori Jennifer:Jen,Jenny Samantha:Sam,Sammy
Alexandra:Alex,Lexi Deborah:Debbie,Deb Susan:Sue Patricia:Trish,Pat Jessica:Jess
Charlotte:Charlie,Lottie Amanda:Mandy Nicola:Nicky,Nic Joanne:Jo Jacqueline:Jackie
Kimberley:Kim Emma Sarah Laura Claire Helen Rachel Louise:Lou Gemma Hannah Lucy Amy Priya
Anjali Fatima Aisha Sadia Nusrat Chloe Sophie Folake:Fola Adaeze:Ada Abena Agnieszka:Aga
Magdalena:Magda Siobhan Aoife Niamh Marcia Yvonne:Vonnie Natasha:Tash Danielle:Dani
Stephanie:Steph Michelle:Shell Zeynep Hodan Mei Eleni:Lena Ana"""


def _forms(text: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in text.split():
        name, _, short = item.partition(":")
        out[name] = short.split(",") if short else []
    return out


MALE = _forms(_MALE_TEXT)
FEMALE = _forms(_FEMALE_TEXT)

COMMON_SURNAMES: list[str] = _words(
    """Smith Jones Williams Brown Taylor Davies Evans Wilson Thomas Johnson Roberts Robinson
Thompson Wright Walker White Edwards Hughes Green Hall Lewis Harris Clarke Patel Jackson
Wood Turner Martin Cooper Hill Ward Morris Moore Clark Lee King Baker Harrison Morgan
Allen James Scott Phillips Watson Davis Parker Price Bennett Young Griffiths Mitchell
Kelly Cook Carter Richardson Bailey Collins Bell Shaw Murphy Miller Cox Richards Khan
Marshall Anderson Simpson Ellis Adams Singh Begum Wilkinson Foster Chapman Powell Webb
Rogers Gray Mason Ali Hunt Hussain Campbell Matthews Owen Palmer Holmes Mills Barnes
Knight Lloyd Butler Russell Barker Fisher Stevens Jenkins Murray Dixon Harvey Ahmed Grant
Francis Henry Joseph Charles Reid Stewart Graham Kennedy"""
)

RARE_SURNAMES: list[str] = _words(
    """O'Sullivan McCarthy Fitzgerald Gallagher Doherty Brennan Quinlan Mulcahy Keane Dunne Byrne
Nolan Cassidy Donnelly Flanagan Geraghty Hennessy Kavanagh Mulligan O'Driscoll Chaudhry
Chowdhury Rahman Mahmood Siddiqui Sharma Gupta Joshi Kaur Sandhu Dhillon Gill Bhatti Iqbal
Qureshi Mistry Parmar Solanki Thakkar Raza Akhtar Nawaz Rehman Kapoor Malhotra Varma Naidu
Pillai Subramaniam Fernando Perera Jayasuriya Adeyemi Okafor Okonkwo Adebayo Oyelaran
Mensah Boateng Asante Owusu Osei Appiah Nwosu Eze Obi Ogunleye Adeleke Babatunde Olawale
Afolabi Bankole Danjuma Kamara Sesay Conteh Jalloh Bangura Oduya Achterberg Samuels
McKenzie Forbes Gayle Bogle Brissett Lindo Thame Spence Ferguson Morrison Chambers
Kowalski Nowak Wisniewski Wojcik Kaminski Lewandowski Zielinski Szymanski Wozniak
Dabrowski Kozlowski Jankowski Mazur Krawczyk Piotrowski Grabowski Yilmaz Demir Kaya Celik
Sahin Ozturk Aydin Georgiou Christodoulou Papadopoulos Constantinou Ioannou Mohamed Abdi
Hassan Farah Warsame Omar Chen Wong Li Zhang Nguyen Tran Lam Cheung Silva Santos Ferreira
Pereira Kazlauskas Petrauskas Popescu Ionescu Horvath Novak Rossi Esposito"""
)

DOUBLE_BARRELLED: list[str] = _words(
    """Smith-Jones Okoro-Williams Hamilton-Lee Bennett-Clarke Fraser-Hughes Ahmed-Khan
Lloyd-Evans Campbell-Reid Pryce-Morgan Owusu-Mensah"""
)

# Pieces to build a long tail of rare surnames that still look like real ones.
BRIT_STEMS: list[str] = _words(
    """Ash Brad Craw Dal Elling Fair Hather Kirk Lang Marl Nether Pen Rad Shel Thorn Wal Whit Bur
Carr Dun Hol Mor Stan Wet Ald Black Brom Cald Farn Grims Hart Ack Bex Chal Dray East Gos
Hal Ing Kel Lid Mert Oak Pick Rook Sax Tad Ux Wad Yard Bick Cos Dent Ever Hop Lud Mox Pres
Rud Sed Tib Wins Ayl Buck Cres"""
)
BRIT_ENDS: list[str] = _words(
    """worth ley ford ton by field well stone more ham wick croft shaw dale hurst"""
)
YORUBA_HEADS: list[str] = _words(
    """Ade Olu Ola Oye Ayo Femi Babi Bola Tolu Kayo Oluwa Ige Ogun Ako Omo Abi"""
)
YORUBA_TAILS: list[str] = _words(
    """yemi wale dipo lade tunde kunle sanya femi jide bayo mola seyi fisayo lowo gbemi dele"""
)
POLISH_STEMS: list[str] = _words(
    """Nowaczyk Kowalczyk Sobieski Pawlak Wroblewski Kubiak Majewski Sikorski Lisowski Dudek
Michalski Jakubowski Zawadzki Borkowski Wasilewski Sadowski Baran Kaczmarek Wieczorek Adamczyk
Pietrzak Walczak Stepien Gorski Rutkowski Ostrowski Sawicki Chmielewski Czarnecki Zalewski
Witkowski Kalinowski Marciniak Jaworski Tomaszewski Glowacki Sobczak Kolodziej Szewczyk
Cieslak Jasinski Baranowski"""
)
# Real but rare surnames of many backgrounds living in London.
WIDE: list[str] = _words(
    """Abeysekera Sivakumar Thevarajah Kanagaratnam Selvarajah Uddin Miah Islam Choudhury Haque
Talukdar Sarwar Butt Malik Mirza Anwar Shahzad Tariq Javed Rana Chahal Grewal Sidhu Bains
Johal Sahota Hundal Chauhan Vaghela Makwana Gohil Rathod Desai Mehta Shah Vyas Pandya Tailor
Akinola Adewale Oladipo Fashola Okeke Chukwu Nwachukwu Ezeh Okoye Anyanwu Uche Onyekachi
Acheampong Amoako Agyeman Darko Frimpong Gyamfi Kyei Ofori Quaye Tetteh Addo Annan Yeboah
Mwangi Otieno Kiprono Ndlovu Dlamini Moyo Banda Phiri Mutasa Chikwanha Kanu Turay Koroma
Ricketts Blackwood Clarke-Bogle Nembhard Beckford Dacres Wedderburn Cunningham McFarlane
Bramwell Allwood Fearon Gordon Hylton Lawes Mattis Pinnock Rattray Whyte Ebanks Bascombe
Hoxha Krasniqi Berisha Gashi Shehu Dumitru Stan Munteanu Constantin Radu Kazlauskaite
Jankauskas Vasiliauskas Ozols Berzins Tamm Horvat Kovacs Szabo Nagy Toth Petrov Ivanov
Doganay Kilic Arslan Korkmaz Ozdemir Polat Aksoy Karaca Baysal Mustafa Rasool Barzani
Oliveira Costa Rodrigues Carvalho Almeida Gomes Martins Rocha Ribeiro Alves Restrepo Castano
Moreno Herrera Ortiz Romero Navarro Delgado Castillo Fuentes Zhou Huang Zhao Wu Xu Sun Ma
Zhu Hu Guo He Lin Luo Leung Chan Yip Ho Pham Le Hoang Dang Bui Vo Tanaka Kim Park Choi
Jung Cruz Reyes Bautista Villanueva Santos Mendoza Aquino Ramos Pascual Tolentino
Penhaligon Trevithick Tregothnan Pascoe Rowe Nancarrow Lloyd-Jones Prys Pugh Bowen Rees
Meredith Vaughan Howells Gethin Cadwallader MacLeod MacDonald Fraser Cameron Sinclair Munro
Drummond Buchanan Crawford Lockhart Galbraith Urquhart McAllister Sutherland Farquhar"""
)
IRISH_O: list[str] = _words(
    """Gowan Donnell Callaghan Hanlon Connell Rourke Grady Toole Leary Dwyer Mahony"""
)
IRISH_MC: list[str] = _words(
    """Laughlin Grath Guinness Namara Manus Bride Cabe Ginley Kenna Elroy Nulty"""
)


def rare_tail() -> list[list[str]]:
    """Rare surnames in groups: built British place-names and Yoruba, Polish, Irish, and others."""
    british = [s + e for s in BRIT_STEMS for e in BRIT_ENDS]
    yoruba = [h + t for h in YORUBA_HEADS for t in YORUBA_TAILS if h.lower() != t]
    polish = POLISH_STEMS
    irish = ["O'" + s for s in IRISH_O] + ["Mc" + s for s in IRISH_MC]
    return [sorted(set(group)) for group in (british, yoruba, polish, irish, WIDE)]


NICKNAME_OF: dict[str, list[str]] = {**MALE, **FEMALE}
