#!/usr/bin/env python3
"""Generate the country part of the actor knowledge base.

Writes (under src/dyadwatch/data/kb/):
  countries.yaml      code (ISO 3166-1 alpha-3), iso2, wikidata, canonical English name
  en/countries.yaml   names, adjectives, demonyms, metonyms per code
  fr/countries.yaml   the same in French

Country names come from CLDR via Babel (``babel.Locale(lang).territories``); everything Babel lacks
(alpha-3 codes, Wikidata ids, adjectives, demonyms, capitals / seats of power used for the government,
usual short and long forms) is hand-written data in the TABLE below.  The committed YAML files are what
the program loads; run ``python scripts/build_country_names.py`` to regenerate them (needs babel, pyyaml).

TABLE columns, separated by "|"; items inside a column separated by ";":
  iso2 | alpha3 | wikidata | en adjectives | en demonyms | fr adjectives | fr demonyms
       | en metonyms | fr metonyms | extra en names | extra fr names
* fr adjectives are given as the masculine singular and expanded to m/f/sg/pl by french_forms();
  irregular words are written out with "/" (grec/grecque/grecs/grecques).
* empty en demonyms: derived from the adjective ("Russian" -> Russian, Russians).
* empty fr demonyms: the adjective forms, capitalised.
* Capitals that are common words, person names or other well-known places are deliberately left out
  (Victoria, Kingston, Georgetown, Santiago, San José, Sofia, Vienne, La Haye, Jerusalem ...);
  Brussels / Bruxelles, Geneva, The Hague, Vienna stand for organisations, not for a country.
"""
from __future__ import annotations

import sys
from pathlib import Path

import babel
import yaml

ROOT = Path(__file__).resolve().parents[1]
KB = ROOT / "src" / "dyadwatch" / "data" / "kb"

# Canonical English names where CLDR's display name is not what the press uses.
CANONICAL = {
    "TR": "Turkey", "HK": "Hong Kong", "MO": "Macau", "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo", "MM": "Myanmar", "PS": "Palestine", "CZ": "Czech Republic",
    "VA": "Vatican City", "CI": "Ivory Coast", "TL": "East Timor", "FM": "Micronesia",
    "UM": "United States Minor Outlying Islands", "VI": "United States Virgin Islands",
}

TABLE = r"""
AF|AFG|Q889|Afghan|Afghan;Afghans|afghan||Kabul|Kaboul||
AL|ALB|Q222|Albanian||albanais||Tirana|Tirana||
DZ|DZA|Q262|Algerian||algérien||Algiers|Alger||
AS|ASM||American Samoan||samoan-américain|||||
AD|AND|Q228|Andorran||andorran|||||
AO|AGO|Q916|Angolan||angolais||Luanda|Luanda||
AI|AIA||Anguillan||anguillais|||||
AQ|ATA||Antarctic|-|antarctique|-||||
AG|ATG|Q781|Antiguan||antiguais||||Antigua|Antigua
AR|ARG|Q414|Argentine;Argentinian|Argentine;Argentines;Argentinian;Argentinians|argentin||Buenos Aires;Casa Rosada;the Casa Rosada|Buenos Aires;la Casa Rosada;Casa Rosada||
AM|ARM|Q399|Armenian||arménien||Yerevan|Erevan||
AW|ABW||Aruban||arubais|||||
AU|AUS|Q408|Australian||australien||Canberra|Canberra||
AT|AUT|Q40|Austrian||autrichien|||||
AZ|AZE|Q227|Azerbaijani;Azeri|Azerbaijani;Azerbaijanis;Azeri;Azeris|azerbaïdjanais;azéri||Baku|Bakou||
BS|BHS|Q778|Bahamian||bahaméen||||the Bahamas|
BH|BHR|Q398|Bahraini||bahreïni||Manama|Manama||
BD|BGD|Q902|Bangladeshi||bangladais||Dhaka|Dacca;Dhaka||
BB|BRB|Q244|Barbadian;Bajan||barbadien|||||
BY|BLR|Q184|Belarusian;Belarussian||biélorusse;bélarusse||Minsk|Minsk|Byelorussia|Bélarus
BE|BEL|Q31|Belgian||belge|||||
BZ|BLZ|Q242|Belizean||bélizien|||||
BJ|BEN|Q962|Beninese||béninois||Porto-Novo;Cotonou|Porto-Novo;Cotonou||
BM|BMU||Bermudian||bermudien|||||
BT|BTN|Q917|Bhutanese||bhoutanais||Thimphu|Thimphou||
BO|BOL|Q750|Bolivian||bolivien||La Paz|La Paz||
BQ|BES||Caribbean Dutch|-|néerlandais caribéen|-||||
BA|BIH|Q225|Bosnian||bosnien;bosniaque||Sarajevo|Sarajevo|Bosnia and Herzegovina;Bosnia-Herzegovina;Bosnia|Bosnie
BW|BWA|Q963|Botswanan;Motswana|Batswana;Motswana|botswanais||Gaborone|Gaborone||
BV|BVT|||-||-||||
BR|BRA|Q155|Brazilian||brésilien||Brasilia;Planalto;the Planalto|Brasilia;le Planalto;Planalto||
IO|IOT||-|-|-|-|||Chagos Islands|Chagos
VG|VGB||British Virgin Islander|-|-|-||||
BN|BRN|Q921|Bruneian||brunéien||Bandar Seri Begawan|Bandar Seri Begawan|Brunei Darussalam|Brunei Darussalam
BG|BGR|Q219|Bulgarian||bulgare|||||
BF|BFA|Q965|Burkinabe;Burkinabè|Burkinabe;Burkinabes|burkinabé;burkinabè||Ouagadougou|Ouagadougou|Burkina|Burkina
BI|BDI|Q967|Burundian||burundais||Gitega;Bujumbura|Gitega;Bujumbura||
KH|KHM|Q424|Cambodian||cambodgien||Phnom Penh|Phnom Penh||
CM|CMR|Q1009|Cameroonian||camerounais||Yaounde;Yaoundé|Yaoundé||
CA|CAN|Q16|Canadian||canadien||Ottawa|Ottawa||
CV|CPV|Q1011|Cape Verdean;Cabo Verdean||cap-verdien||Praia|Praia|Cabo Verde|Cabo Verde
KY|CYM||Caymanian||caïmanien||||Cayman Islands|
CF|CAF|Q929|Central African||centrafricain||Bangui|Bangui|CAR;Central African Republic|Centrafrique;RCA
TD|TCD|Q657|Chadian||tchadien||N'Djamena;Ndjamena|N'Djamena;Ndjamena||
CL|CHL|Q298|Chilean||chilien||La Moneda|La Moneda||
CN|CHN|Q148|Chinese|Chinese|chinois||Beijing;Peking;Zhongnanhai|Pékin;Beijing;Zhongnanhai|People's Republic of China;the People's Republic of China;PRC;mainland China|République populaire de Chine;RPC;Chine populaire;Chine continentale
CX|CXR||Christmas Islander|-|-|-||||
CC|CCK||Cocos Islander|-|-|-||||
CO|COL|Q739|Colombian||colombien||Bogota;Bogotá|Bogota;Bogotá||
KM|COM|Q970|Comoran;Comorian||comorien||Moroni|Moroni||
CG|COG|Q971|-|-|congolais (Brazzaville)|-|Brazzaville|Brazzaville|Republic of the Congo;Congo-Brazzaville;Congo Republic|République du Congo;Congo-Brazzaville
CD|COD|Q974|Congolese||congolais;rd-congolais||Kinshasa|Kinshasa|Democratic Republic of the Congo;Democratic Republic of Congo;DR Congo;DRC;Congo-Kinshasa|République démocratique du Congo;RD Congo;RDC;Congo-Kinshasa
CK|COK||Cook Islander|-|-|-||||
CR|CRI|Q800|Costa Rican||costaricien;costaricain|||||
CI|CIV|Q1008|Ivorian||ivoirien||Abidjan;Yamoussoukro|Abidjan;Yamoussoukro|Ivory Coast;Cote d'Ivoire;Côte d'Ivoire|Côte d'Ivoire;Cote d'Ivoire
HR|HRV|Q224|Croatian;Croat|Croatian;Croatians;Croat;Croats|croate||Zagreb|Zagreb||
CU|CUB|Q241|Cuban||cubain||Havana|La Havane||
CW|CUW||Curaçaoan|-|curacien|-||||
CY|CYP|Q229|Cypriot||chypriote;cypriote||Nicosia|Nicosie||
CZ|CZE|Q213|Czech||tchèque||Prague|Prague|Czech Republic;Czechia|République tchèque;Tchéquie
DK|DNK|Q35|Danish|Dane;Danes|danois||Copenhagen|Copenhague||
DJ|DJI|Q977|Djiboutian||djiboutien|||||
DM|DMA|Q784|-|-|dominiquais||Roseau|Roseau||
DO|DOM|Q786|Dominican||dominicain||Santo Domingo|Saint-Domingue||
EC|ECU|Q736|Ecuadorian;Ecuadorean||équatorien||Quito|Quito||
EG|EGY|Q79|Egyptian||égyptien||Cairo|Le Caire||
SV|SLV|Q792|Salvadoran;Salvadorean||salvadorien||San Salvador|San Salvador||Salvador
GQ|GNQ|Q983|Equatorial Guinean;Equatoguinean||équato-guinéen||Malabo|Malabo||
ER|ERI|Q986|Eritrean||érythréen||Asmara|Asmara||
EE|EST|Q191|Estonian||estonien||Tallinn|Tallinn||
SZ|SWZ|Q1050|Swazi;Eswatini||swazi||Mbabane|Mbabane|Swaziland;eSwatini|Swaziland
ET|ETH|Q115|Ethiopian||éthiopien||Addis Ababa|Addis-Abeba;Addis Abeba||
FK|FLK||Falkland Islander;Falklands|Falkland Islanders;Falklanders|malouin|-|||Falklands;the Falklands;Malvinas;Falkland Islands|Malouines;Falkland
FO|FRO||Faroese||féroïen||||Faroes|
FJ|FJI|Q712|Fijian||fidjien||Suva|Suva||
FI|FIN|Q33|Finnish|Finn;Finns|finlandais||Helsinki|Helsinki||
FR|FRA|Q142|French|Frenchman;Frenchmen;Frenchwoman;Frenchwomen|français||Paris;Élysée;the Élysée;Élysée Palace;Elysee;Elysée;Matignon;Quai d'Orsay|Paris;l'Élysée;Élysée;Elysée;Matignon;le Quai d'Orsay;Quai d'Orsay|French Republic|République française;Hexagone
GF|GUF||French Guianese||guyanais||||Guiana;Guyane|
PF|PYF||French Polynesian||polynésien||||Polynesia|Polynésie
TF|ATF||-|-|-|-|||TAAF|TAAF
GA|GAB|Q1000|Gabonese||gabonais||Libreville|Libreville||
GM|GMB|Q1005|Gambian||gambien||Banjul|Banjul|The Gambia|
GE|GEO|Q230|Georgian||géorgien||Tbilisi|Tbilissi||
DE|DEU|Q183|German||allemand||Berlin|Berlin|Federal Republic of Germany|République fédérale d'Allemagne;RFA
GH|GHA|Q117|Ghanaian||ghanéen||Accra|Accra||
GI|GIB||Gibraltarian||gibraltarien|||||
GR|GRC|Q41|Greek||grec/grecque/grecs/grecques||Athens|Athènes||
GL|GRL|Q223|Greenlandic|Greenlander;Greenlanders|groenlandais||Nuuk|Nuuk||
GD|GRD|Q769|Grenadian||grenadien|||||
GP|GLP||Guadeloupean||guadeloupéen|||||
GU|GUM||Guamanian||guamien|||||
GT|GTM|Q774|Guatemalan||guatémaltèque||Guatemala City|||
GG|GGY||Guernsey;Guernseyman|-|guernesiais|||||
GN|GIN|Q1006|Guinean||guinéen||Conakry|Conakry|Guinea-Conakry|Guinée-Conakry
GW|GNB|Q1007|Bissau-Guinean||bissau-guinéen||Bissau|Bissau||
GY|GUY|Q734|Guyanese||guyanien|||||
HT|HTI|Q790|Haitian||haïtien||Port-au-Prince|Port-au-Prince||
HM|HMD||-|-|-|-||||
VA|VAT|Q237|Vatican|-|vatican||the Vatican;Holy See;the Holy See|le Vatican;Vatican;le Saint-Siège;Saint-Siège|Vatican;the Vatican;Holy See;the Holy See|Vatican;Saint-Siège
HN|HND|Q783|Honduran||hondurien||Tegucigalpa|Tegucigalpa||
HK|HKG|Q8646|Hong Kong;Hongkong|Hong Konger;Hong Kongers;Hongkonger;Hongkongers|hongkongais||||Hong Kong|Hong Kong
HU|HUN|Q28|Hungarian||hongrois||Budapest|Budapest||
IS|ISL|Q189|Icelandic|Icelander;Icelanders|islandais||Reykjavik|Reykjavik||
IN|IND|Q668|Indian||indien||New Delhi|New Delhi;New-Delhi||
ID|IDN|Q252|Indonesian||indonésien||Jakarta|Jakarta||
IR|IRN|Q794|Iranian||iranien||Tehran|Téhéran|Islamic Republic of Iran;Islamic Republic|République islamique d'Iran;République islamique
IQ|IRQ|Q796|Iraqi||irakien;iraquien||Baghdad|Bagdad||Iraq
IE|IRL|Q27|Irish|Irish|irlandais||Dublin|Dublin|Republic of Ireland|République d'Irlande
IM|IMN||Manx|-|mannois|||||
IL|ISR|Q801|Israeli||israélien||||State of Israel|État d'Israël;État hébreu
IT|ITA|Q38|Italian||italien||Rome;Palazzo Chigi|Rome;le palais Chigi||
JM|JAM|Q766|Jamaican||jamaïcain|||||
JP|JPN|Q17|Japanese|Japanese|japonais;nippon||Tokyo|Tokyo||
JE|JEY||Jersey;Jerseyman|-|jersiais|||||
JO|JOR|Q810|Jordanian||jordanien||Amman|Amman||
KZ|KAZ|Q232|Kazakh;Kazakhstani|Kazakh;Kazakhs;Kazakhstani;Kazakhstanis|kazakh;kazakhstanais||Astana|Astana||
KE|KEN|Q114|Kenyan||kényan;kenyan||Nairobi|Nairobi||
KI|KIR|Q710|I-Kiribati||kiribatien||Tarawa|Tarawa||
KP|PRK|Q423|North Korean||nord-coréen||Pyongyang|Pyongyang|DPRK;Democratic People's Republic of Korea;the North|RPDC;République populaire démocratique de Corée
KR|KOR|Q884|South Korean||sud-coréen||Seoul|Séoul|Republic of Korea;ROK|République de Corée
XK|KOS|Q1246|Kosovar;Kosovan|Kosovar;Kosovars;Kosovan;Kosovans|kosovar||Pristina|Pristina||
KW|KWT|Q817|Kuwaiti||koweïtien|||||
KG|KGZ|Q813|Kyrgyz;Kyrgyzstani|Kyrgyz;Kyrgyzstanis|kirghiz/kirghize/kirghizes;kirghizstanais||Bishkek|Bichkek|Kyrgyz Republic;Kirghizia|Kirghizie
LA|LAO|Q819|Lao;Laotian|Lao;Laotian;Laotians|laotien||Vientiane|Vientiane||
LV|LVA|Q211|Latvian||letton||Riga|Riga||
LB|LBN|Q822|Lebanese|Lebanese|libanais||Beirut|Beyrouth||
LS|LSO|Q1013|Basotho;Lesothan|Basotho;Mosotho|lésothien||Maseru|Maseru||
LR|LBR|Q1014|Liberian||libérien||Monrovia|Monrovia||
LY|LBY|Q1016|Libyan||libyen||Tripoli|Tripoli||
LI|LIE|Q347|Liechtensteiner|Liechtensteiner;Liechtensteiners|liechtensteinois||Vaduz|Vaduz||
LT|LTU|Q37|Lithuanian||lituanien||Vilnius|Vilnius||
LU|LUX|Q32|Luxembourgish;Luxembourg|Luxembourger;Luxembourgers|luxembourgeois|||||
MO|MAC|Q14773|Macanese|Macanese|macanais||||Macau;Macao|Macao
MG|MDG|Q1019|Malagasy;Madagascan|Malagasy;Madagascans|malgache||Antananarivo|Antananarivo;Tananarive||
MW|MWI|Q1020|Malawian||malawite;malawien||Lilongwe|Lilongwe||
MY|MYS|Q833|Malaysian||malaisien;malaysien||Kuala Lumpur;Putrajaya|Kuala Lumpur;Putrajaya||Malaysia
MV|MDV|Q826|Maldivian||maldivien||||the Maldives|
ML|MLI|Q912|Malian||malien||Bamako|Bamako||
MT|MLT|Q233|Maltese|Maltese|maltais||Valletta|La Valette||
MH|MHL|Q709|Marshallese|Marshallese|marshallais||Majuro|Majuro||
MQ|MTQ||Martinican||martiniquais|||||
MR|MRT|Q1025|Mauritanian||mauritanien||Nouakchott|Nouakchott||
MU|MUS|Q1027|Mauritian||mauricien||Port Louis|Port-Louis||Île Maurice
YT|MYT||Mahoran||mahorais|||||
MX|MEX|Q96|Mexican||mexicain||Mexico City|Mexico||
FM|FSM|Q702|Micronesian||micronésien||||Federated States of Micronesia|États fédérés de Micronésie
MD|MDA|Q217|Moldovan;Moldavian||moldave||Chisinau;Chişinău|Chisinau;Kichinev||Moldova
MC|MCO|Q235|Monegasque;Monacan|Monegasque;Monegasques|monégasque|||||
MN|MNG|Q711|Mongolian|Mongolian;Mongolians;Mongol;Mongols|mongol||Ulaanbaatar;Ulan Bator|Oulan-Bator||
ME|MNE|Q236|Montenegrin||monténégrin||Podgorica|Podgorica||
MS|MSR||Montserratian||montserratien|||||
MA|MAR|Q1028|Moroccan||marocain||Rabat|Rabat||
MZ|MOZ|Q1029|Mozambican||mozambicain||Maputo|Maputo||
MM|MMR|Q836|Burmese;Myanmar|Burmese|birman||Naypyidaw;Naypyitaw;Nay Pyi Taw|Naypyidaw;Naypyitaw|Burma|Birmanie
NA|NAM|Q1030|Namibian||namibien||Windhoek|Windhoek||
NR|NRU|Q697|Nauruan||nauruan|||||
NP|NPL|Q837|Nepali;Nepalese|Nepali;Nepalis;Nepalese|népalais||Kathmandu|Katmandou||
NL|NLD|Q55|Dutch|Dutch;Dutchman;Dutchmen|néerlandais;hollandais||||Holland;the Netherlands|Hollande
NC|NCL||New Caledonian;Caledonian||néo-calédonien;calédonien||||Kanaky|Kanaky
NZ|NZL|Q664|New Zealand|New Zealander;New Zealanders;Kiwi;Kiwis|néo-zélandais||Wellington|Wellington||
NI|NIC|Q811|Nicaraguan||nicaraguayen||Managua|Managua||
NE|NER|Q1032|Nigerien||nigérien||Niamey|Niamey||
NG|NGA|Q1033|Nigerian||nigérian;nigerian||Abuja|Abuja||
NU|NIU||Niuean||niuéen|||||
NF|NFK||Norfolk Islander|-|-|-||||
MK|MKD|Q221|North Macedonian;Macedonian||macédonien;nord-macédonien||Skopje|Skopje|Macedonia;FYROM|Macédoine;ARYM
MP|MNP||Northern Marianan|-|-|-|||Northern Marianas|
NO|NOR|Q20|Norwegian||norvégien||Oslo|Oslo||
OM|OMN|Q842|Omani||omanais||Muscat|Mascate||Sultanat d'Oman
PK|PAK|Q843|Pakistani||pakistanais||Islamabad|Islamabad||
PW|PLW|Q695|Palauan||palaosien|||||
PS|PSE|Q219060|Palestinian||palestinien||Ramallah|Ramallah|Palestine;State of Palestine;Palestinian territories;occupied Palestinian territories|Palestine;État de Palestine;territoires palestiniens occupés
PA|PAN|Q804|Panamanian||panaméen||Panama City|||
PG|PNG|Q691|Papua New Guinean;Papuan||papou;papouan-néo-guinéen||Port Moresby|Port Moresby|PNG|
PY|PRY|Q733|Paraguayan||paraguayen||Asuncion;Asunción|Asuncion;Asunción||
PE|PER|Q419|Peruvian||péruvien||Lima|Lima||
PH|PHL|Q928|Philippine;Filipino|Filipino;Filipinos;Filipina;Filipinas|philippin||Manila;Malacañang;Malacanang|Manille|the Philippines|
PN|PCN||Pitcairn Islander|-|-|-||||
PL|POL|Q36|Polish|Pole;Poles|polonais||Warsaw|Varsovie||
PT|PRT|Q45|Portuguese|Portuguese|portugais||Lisbon|Lisbonne||
PR|PRI|Q1183|Puerto Rican||portoricain||San Juan|San Juan||
QA|QAT|Q846|Qatari||qatari;qatarien||Doha|Doha||
RE|REU||Réunionese|-|réunionnais||||Reunion|Réunion
RO|ROU|Q218|Romanian||roumain||Bucharest|Bucarest||
RU|RUS|Q159|Russian||russe||Moscow;Kremlin;the Kremlin|Moscou;le Kremlin;Kremlin|Russian Federation;the Russian Federation|Fédération de Russie
RW|RWA|Q1037|Rwandan||rwandais||Kigali|Kigali||
WS|WSM|Q683|Samoan||samoan||Apia|Apia||
SM|SMR|Q238|Sammarinese||saint-marinais|||||
ST|STP|Q1039|Santomean;Sao Tomean||santoméen||||Sao Tome and Principe;São Tomé and Príncipe|
SA|SAU|Q851|Saudi;Saudi Arabian|Saudi;Saudis|saoudien||Riyadh|Riyad;Ryad|Kingdom of Saudi Arabia;KSA|Royaume d'Arabie saoudite
SN|SEN|Q1041|Senegalese|Senegalese|sénégalais||Dakar|Dakar||
RS|SRB|Q403|Serbian;Serb|Serb;Serbs;Serbian;Serbians|serbe||Belgrade|Belgrade||
SC|SYC|Q1042|Seychellois|Seychellois|seychellois||||the Seychelles|
SL|SLE|Q1044|Sierra Leonean||sierra-léonais||Freetown|Freetown||
SG|SGP|Q334|Singaporean||singapourien|||||
SX|SXM||Sint Maartener|-|-|-|||Sint Maarten|Sint Maarten;Saint-Martin néerlandais
SK|SVK|Q214|Slovak;Slovakian|Slovak;Slovaks|slovaque||Bratislava|Bratislava||
SI|SVN|Q215|Slovenian;Slovene|Slovenian;Slovenians;Slovene;Slovenes|slovène||Ljubljana|Ljubljana||
SB|SLB|Q685|Solomon Islander|Solomon Islander;Solomon Islanders|salomonais||Honiara|Honiara|Solomons|
SO|SOM|Q1045|Somali;Somalian|Somali;Somalis;Somalian;Somalians|somalien;somali||Mogadishu|Mogadiscio||
ZA|ZAF|Q258|South African||sud-africain||Pretoria|Pretoria||
GS|SGS||-|-|-|-||||
SS|SSD|Q958|South Sudanese|South Sudanese|sud-soudanais||Juba|Djouba;Juba||
ES|ESP|Q29|Spanish|Spaniard;Spaniards|espagnol||Madrid;Moncloa;the Moncloa|Madrid;la Moncloa;Moncloa||
LK|LKA|Q854|Sri Lankan||sri-lankais;srilankais||Colombo|Colombo||
BL|BLM||Barthélemois|-|barthélemois||||St Barts;Saint Barthélemy|Saint-Barth
SH|SHN||Saint Helenian|-|-|-|||Saint Helena|
KN|KNA|Q763|Kittitian;Nevisian||kittitien||Basseterre|Basseterre|Saint Kitts and Nevis;St Kitts and Nevis|
LC|LCA|Q760|Saint Lucian||saint-lucien||Castries|Castries|Saint Lucia;St Lucia|
MF|MAF||Saint-Martinois|-|saint-martinois||||Saint Martin|
PM|SPM||Saint-Pierrais|-|saint-pierrais||||Saint Pierre and Miquelon|
VC|VCT|Q757|Vincentian||vincentais||Kingstown|Kingstown|Saint Vincent and the Grenadines;St Vincent|
SD|SDN|Q1049|Sudanese|Sudanese|soudanais||Khartoum|Khartoum||
SR|SUR|Q730|Surinamese||surinamais||Paramaribo|Paramaribo|Surinam|
SJ|SJM||Svalbard|-|-|-|||Svalbard|Svalbard
SE|SWE|Q34|Swedish|Swede;Swedes|suédois||Stockholm|Stockholm||
CH|CHE|Q39|Swiss|Swiss|suisse||Bern;Berne|Berne|Swiss Confederation|Confédération suisse;Confédération helvétique
SY|SYR|Q858|Syrian||syrien||Damascus|Damas||
TW|TWN|Q865|Taiwanese|Taiwanese|taïwanais;taiwanais||Taipei|Taipei;Taïpei|Republic of China;ROC;Chinese Taipei|République de Chine;Taiwan
TJ|TJK|Q863|Tajik;Tajikistani|Tajik;Tajiks|tadjik;tadjikistanais||Dushanbe|Douchanbé||
TZ|TZA|Q924|Tanzanian||tanzanien||Dodoma;Dar es Salaam|Dodoma;Dar es Salaam||
TH|THA|Q869|Thai|Thai;Thais|thaïlandais;thaï||Bangkok|Bangkok|Siam|
TL|TLS|Q574|Timorese;East Timorese||timorais;est-timorais||Dili|Dili|Timor-Leste;East Timor|Timor-Leste;Timor-Oriental
TG|TGO|Q945|Togolese|Togolese|togolais||Lome;Lomé|Lomé||
TK|TKL||Tokelauan|-|-|-||||
TO|TON|Q678|Tongan||tongien||Nuku'alofa|Nuku'alofa||
TT|TTO|Q754|Trinidadian;Tobagonian||trinidadien||Port of Spain|Port-d'Espagne|Trinidad and Tobago;Trinidad|Trinidad;Trinité
TN|TUN|Q948|Tunisian||tunisien||Tunis|Tunis||
TR|TUR|Q43|Turkish|Turk;Turks|turc/turque/turcs/turques||Ankara|Ankara|Turkey;Türkiye;Turkiye|Türkiye
TM|TKM|Q874|Turkmen;Turkmenistani|Turkmen;Turkmens|turkmène||Ashgabat|Achgabat||
TC|TCA||Turks and Caicos Islander|-|-|-|||Turks and Caicos|
TV|TUV|Q672|Tuvaluan||tuvaluan||Funafuti|Funafuti||
UM|UMI||-|-|-|-||||
VI|VIR||Virgin Islander|-|-|-|||US Virgin Islands|
UG|UGA|Q1036|Ugandan||ougandais||Kampala|Kampala||
UA|UKR|Q212|Ukrainian||ukrainien||Kyiv;Kiev;Bankova|Kiev;Kyiv;Kyïv||
AE|ARE|Q878|Emirati|Emirati;Emiratis|émirati;émirien||Abu Dhabi|Abou Dhabi;Abu Dhabi|UAE;the UAE;the Emirates;Emirates|EAU;Émirats;E.A.U.
GB|GBR|Q145|British;UK|Briton;Britons;Brit;Brits;British|britannique||London;Downing Street;Number 10;No 10;Whitehall|Londres;Downing Street|UK;U.K.;Britain;Great Britain;the United Kingdom;United Kingdom of Great Britain and Northern Ireland|Grande-Bretagne;Royaume Uni
US|USA|Q30|American;US;U.S.|American;Americans|américain;états-unien;étatsunien|Américain;Américaine;Américains;Américaines;États-Unien;États-Uniens|Washington;White House;the White House;Foggy Bottom|Washington;la Maison Blanche;Maison Blanche;la Maison-Blanche;Maison-Blanche|US;U.S.;USA;U.S.A.;America;United States of America;the United States of America;the United States;the US;the U.S.|USA;Etats-Unis;États-Unis d'Amérique;Amérique
UY|URY|Q77|Uruguayan||uruguayen||Montevideo|Montevideo||
UZ|UZB|Q265|Uzbek;Uzbekistani|Uzbek;Uzbeks|ouzbek/ouzbèke/ouzbeks/ouzbèkes/ouzbeke/ouzbekes;ouzbékistanais||Tashkent|Tachkent||
VU|VUT|Q686|Vanuatuan;Ni-Vanuatu|Ni-Vanuatu|vanuatais||Port Vila|Port-Vila||
VE|VEN|Q717|Venezuelan||vénézuélien||Caracas;Miraflores|Caracas;Miraflores||
VN|VNM|Q881|Vietnamese|Vietnamese|vietnamien||Hanoi|Hanoï;Hanoi|Viet Nam|Vietnam;Viet Nam
WF|WLF||Wallisian;Futunan||wallisien||||Wallis and Futuna|
EH|ESH|Q6250|Sahrawi;Saharawi|Sahrawi;Sahrawis;Saharawi;Saharawis|sahraoui||||SADR;Sahrawi Arab Democratic Republic|RASD;République arabe sahraouie démocratique
YE|YEM|Q805|Yemeni||yéménite||Sanaa;Sana'a|Sanaa||
ZM|ZMB|Q953|Zambian||zambien||Lusaka|Lusaka||
ZW|ZWE|Q954|Zimbabwean||zimbabwéen||Harare|Harare||
AX|ALA||Ålander;Aland|-|ålandais||||Aland Islands;Åland|Åland
"""


def french_forms(word: str) -> list[str]:
    """Masculine singular adjective -> [m.sg, f.sg, m.pl, f.pl] (press spelling)."""
    if "/" in word:
        return word.split("/")
    if word.endswith("e"):
        return [word, word + "s"]
    if word.endswith(("s", "x")):
        return [word, word + "e", word + "es"]
    if word.endswith(("en", "on")):
        return [word, word + "ne", word + "s", word + "nes"]
    return [word, word + "e", word + "s", word + "es"]


def english_demonyms(adjectives: list[str]) -> list[str]:
    """"Russian" -> Russian, Russians; "Sudanese" -> Sudanese; -ish/-ch words are written out in TABLE."""
    out = []
    for adj in adjectives:
        if "." in adj or adj.isupper() or adj.endswith(("ish", "ch")):
            continue
        out += [adj] if adj.endswith(("ese", "ss")) else [adj, adj + "s"]
    return out


def items(field: str) -> list[str]:
    field = field.strip()
    if not field or field == "-":
        return []
    return [x.strip() for x in field.split(";") if x.strip()]


def uniq(seq):
    seen, out = set(), []
    for x in seq:
        if x and x not in seen:
            seen.add(x)
            out.append(x)
    return out


def cap(word: str) -> str:
    return word[:1].upper() + word[1:]


def main() -> int:
    en_terr = babel.Locale("en").territories
    fr_terr = babel.Locale("fr").territories
    base, en_out, fr_out = [], {}, {}
    rows = [r for r in TABLE.strip().splitlines() if r.strip()]
    seen = set()
    for row in rows:
        cols = row.split("|")
        if len(cols) != 11:
            raise SystemExit(f"bad row ({len(cols)} columns): {row}")
        iso2, code, qid, en_adj, en_dem, fr_adj, fr_dem, en_met, fr_met, en_x, fr_x = cols
        if code in seen:
            raise SystemExit(f"duplicate {code}")
        seen.add(code)
        if iso2 not in en_terr:
            raise SystemExit(f"{iso2} unknown to Babel")
        name = CANONICAL.get(iso2, en_terr[iso2].replace(" & ", " and ").replace("St. ", "Saint "))
        entry = {"code": code, "iso2": iso2}
        if qid:
            entry["wikidata"] = qid
        entry["name"] = name
        base.append(entry)

        cldr_en = en_terr[iso2].replace("’", "'")
        en_names = [name, cldr_en, cldr_en.replace(" & ", " and ")] + items(en_x)
        if " (" in cldr_en:
            en_names.append(cldr_en.split(" (")[0])
        en_names = [n for n in en_names if " - " not in n and "SAR China" not in n]
        adj_en = items(en_adj)
        dem_en = items(en_dem) if en_dem.strip() else english_demonyms(adj_en)
        en_out[code] = {
            "names": uniq(en_names),
            "adjectives": uniq(adj_en),
            "demonyms": uniq(dem_en),
            "metonyms": uniq(items(en_met)),
        }

        cldr_fr = fr_terr[iso2].replace("’", "'")
        fr_names = [cldr_fr] + items(fr_x)
        if " (" in cldr_fr and iso2 != "SX":   # "Saint-Martin (partie néerlandaise)": the short form is MAF's name
            fr_names.append(cldr_fr.split(" (")[0])
            fr_names.append(cldr_fr.split(" (")[1].rstrip(")"))
        fr_names = [n for n in fr_names if not n.startswith("R.A.S.") and " (" not in n]
        adj_fr = []
        for a in items(fr_adj):
            if "(" in a:      # ambiguous note such as "congolais (Brazzaville)": not used as an adjective
                continue
            adj_fr += french_forms(a)
        dem_fr = items(fr_dem) if fr_dem.strip() else [cap(a) for a in adj_fr]
        fr_out[code] = {
            "names": uniq(fr_names),
            "adjectives": uniq(adj_fr),
            "demonyms": uniq(dem_fr),
            "metonyms": uniq(items(fr_met)),
        }

    missing = [c for c in en_terr if len(c) == 2 and c.isalpha() and c not in {r.split("|")[0] for r in rows}]
    skipped = {"AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"}
    if set(missing) - skipped:
        raise SystemExit(f"territories without a row: {sorted(set(missing) - skipped)}")

    base.sort(key=lambda e: e["code"])
    dump = dict(allow_unicode=True, sort_keys=False, width=200, default_flow_style=None)
    header = "# Generated by scripts/build_country_names.py from CLDR (Babel) and hand-written tables. Do not edit by hand.\n"
    (KB / "en").mkdir(parents=True, exist_ok=True)
    (KB / "fr").mkdir(parents=True, exist_ok=True)
    (KB / "countries.yaml").write_text(header + yaml.safe_dump(base, **dump), encoding="utf-8")
    for lang, out in (("en", en_out), ("fr", fr_out)):
        body = {k: out[k] for k in sorted(out)}
        (KB / lang / "countries.yaml").write_text(header + yaml.safe_dump(body, **dump), encoding="utf-8")
    print(f"{len(base)} countries written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
