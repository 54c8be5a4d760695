// Common English given names that are also English words or surnames ("Jane", "Mark",
// "Rose"), so the word lists alone cannot tell "Jane Doe" from "Labor Day". A compact list
// is enough: rarer given names are seldom dictionary words and pass on their own.
export const GIVEN_NAMES = new Set(
  (
    'Aaron Abby Adam Alan Albert Alex Alexander Alice Alison Amanda Amber Amy Andrew Angela Ann Anna Anne Anthony ' +
    'April Art Arthur Ashley Audrey Austin Barbara Barry Beatrice Ben Benjamin Beth Betty Beverly Bill Billy Bob ' +
    'Bonnie Brad Brandon Brenda Brian Bruce Bryan Carl Carol Caroline Catherine Charles Charlie Charlotte Cheryl ' +
    'Chris Christian Christina Christine Christopher Cindy Claire Clara Craig Crystal Cynthia Daisy Dale Daniel ' +
    'Danny Dave David Dawn Dean Debbie Deborah Denise Dennis Derek Diana Diane Dick Don Donald Donna Doris Dorothy ' +
    'Doug Douglas Earl Ed Eddie Edward Eileen Elaine Eleanor Elizabeth Ella Ellen Emily Emma Eric Ernest Eugene ' +
    'Eva Evelyn Faith Frank Fred Gary Gene George Gerald Gina Gloria Grace Graham Grant Greg Gregory Hannah Harold ' +
    'Harry Hazel Heather Helen Henry Holly Howard Hope Ian Irene Iris Ivy Jack Jacob Jake James Jamie Jane Janet ' +
    'Janice Jason Jay Jean Jeff Jeffrey Jennifer Jenny Jeremy Jerry Jessica Jill Jim Jimmy Joan Joe Joel John ' +
    'Johnny Jon Jonathan Jordan Joseph Josh Joshua Joy Joyce Judith Judy Julia Julie June Justin Karen Kate ' +
    'Katherine Kathleen Kathy Keith Kelly Ken Kenneth Kevin Kim Kyle Larry Laura Lauren Lee Leo Leon Lewis Lily ' +
    'Linda Lisa Lori Louis Louise Lucy Luke Lynn Mabel Madison Margaret Maria Marie Marilyn Mark Martha Martin ' +
    'Mary Matt Matthew Max Megan Melissa Michael Michelle Mike Miles Molly Nancy Nathan Neil Nicholas Nick Nicole ' +
    'Norman Olive Oliver Pam Pamela Pat Patricia Patrick Paul Paula Pearl Peggy Penny Peter Phil Philip Phyllis ' +
    'Rachel Ralph Randy Ray Raymond Rebecca Richard Rick Rita Rob Robert Robin Rod Roger Ron Ronald Rose Ross Roy ' +
    'Ruby Russell Ruth Ryan Sally Sam Samantha Samuel Sandra Sara Sarah Scott Sean Sharon Shirley Stan Stanley ' +
    'Stella Stephanie Stephen Steve Steven Sue Susan Ted Teresa Terry Theresa Thomas Tim Timothy Tina Todd Tom ' +
    'Tony Tracy Troy Victor Victoria Vincent Violet Virginia Walter Wayne Wendy Will William Willie Zoe ' +
    // Given names of the last decades that are words too ("tyler", "savannah", "hunter"), and
    // given names of other countries that the name lists lack or hold as common words.
    'Abigail Aiden Alexis Bobby Benny Danny Freddie Jimmie Johnnie Kenny Lenny Ricky Robbie Sammy Tommy Timmy Frankie Charlie Debbie Kathy Maggie Annie Jenny Lizzie Sophie Millie Katie Jackie Ronnie Donnie Stevie Eddie Ava Bailey Brandy Brent Brittany Carter Cheyenne Cooper Dakota Destiny Drew Dusty ' +
    'Hunter Isabella Jasmine Kayla Logan Mackenzie Mason Mia Misty Noah Riley Savannah Sierra Tanner Tiffany ' +
    'Travis Trinity Tyler Wade Alejandro Ali Anders Giulia Hans Hua Ingrid Kenji Khalid Lars Luca Lucia ' +
    'Mohammed Muhammad Priya Søren Yuki Abena Achieng Adebayo Ama Amara Ayodele Chiamaka Chinedu Emeka Farai ' +
    'Ifeoma Kofi Kwame Lerato Makena Naledi Ngozi Njeri Nkechi Obinna Sipho Tendai Thabo Wambui Wanjiru Zanele Siti Nur Ahmad Mohd Aminah ' +
    // Given names of Germany, Scandinavia and the Netherlands that the name lists hold as words.
    'Sven Jürgen Klaus Dieter Uwe Jens Björn Erik Nils Anja Katrin Heike Sabine Ulrike Birgit Lena Lukas Jonas Finn Emil Henrik Magnus Astrid Sigrid Johan Pieter Joost Sanne Femke Bram ' +
    // ... and of Italy, Spain, Portugal and France.
    'Francesca Francesco Giovanni Giuseppe Alessandro Chiara Sofia Ana Lucía Carmen Pilar Javier Pedro João Inês Joana Chantal Amélie Camille Manon Maëlle Yann ' +
    // ... and Māori given names, some of which New Zealand English holds as words ("Aroha", "Mere").
    'Aroha Wiremu Mereana Hemi Rangi Tama Anaru Hine Mere Ngaio Manaia Nikau Awhina Hohepa Rawiri Tamati Ihaia Ngaire Tipene Rewi Huia Marama Kahurangi Mikaere Moana Hana Wairua'
  ).split(' '),
);

// The commonest surnames of the US and Britain that are also English words or common words of
// other languages ("Johnson", "Miller", "Young"): after a name that is not an English word
// ("Dakota Johnson") they finish a name.
export const COMMON_SURNAMES = new Set(
  (
    'Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore Martin Jackson White ' +
    'Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams Baker Nelson Carter ' +
    'Mitchell Roberts Turner Phillips Campbell Parker Evans Edwards Collins Stewart Morris Rogers Reed Cook ' +
    'Morgan Bell Murphy Bailey Cooper Richardson Cox Howard Ward Peterson Gray Watson Brooks Kelly Sanders ' +
    'Price Bennett Wood Barnes Ross Henderson Coleman Jenkins Perry Powell Long Patterson Hughes Washington ' +
    'Butler Simmons Foster Bryant Alexander Russell Griffin Hayes Myers Ford Hamilton Graham Sullivan Wallace ' +
    'West Cole Hunt Black Stone Fox Marshall Owens Harrison Fisher Mason Kennedy Wells Webb Warren Hall Lee'
  ).split(' '),
);
