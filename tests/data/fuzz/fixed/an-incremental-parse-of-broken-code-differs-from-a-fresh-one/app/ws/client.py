from.factory import helper
e)
 global r
 ,e