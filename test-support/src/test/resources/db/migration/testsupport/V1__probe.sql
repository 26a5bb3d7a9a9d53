CREATE TABLE probe (id int PRIMARY KEY, note text NOT NULL);
