from app.legacy.events import *

fire()

value_0 = 0 * 2  # padding, so that the scan parses only part of the file
value_1 = 1 * 2  # padding, so that the scan parses only part of the file
value_2 = 2 * 2  # padding, so that the scan parses only part of the file
value_3 = 3 * 2  # padding, so that the scan parses only part of the file
value_4 = 4 * 2  # padding, so that the scan parses only part of the file
value_5 = 5 * 2  # padding, so that the scan parses only part of the file
value_6 = 6 * 2  # padding, so that the scan parses only part of the file
value_7 = 7 * 2  # padding, so that the scan parses only part of the file
value_8 = 8 * 2  # padding, so that the scan parses only part of the file
value_9 = 9 * 2  # padding, so that the scan parses only part of the file
value_10 = 10 * 2  # padding, so that the scan parses only part of the file
value_11 = 11 * 2  # padding, so that the scan parses only part of the file
value_12 = 12 * 2  # padding, so that the scan parses only part of the file
value_13 = 13 * 2  # padding, so that the scan parses only part of the file
value_14 = 14 * 2  # padding, so that the scan parses only part of the file
