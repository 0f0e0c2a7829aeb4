"""What each exercise asks about, by data row: one map for every test that checks an exercise's key against the
data (the question's subject, never its answer)."""

# 02.3: the timeline event each option stands for
OPTION_EVENT_02_3 = {
    "drones": "shahed_drones_ukraine_2022",
    "missiles": "blinken_crbm_accusation_2024",
    "isfahan": "israel_strike_isfahan_apr2024",
    "snapback_return": "un_sanctions_reimposed_2025",
    "treaty_signed": "treaty_signed_moscow_2025",
    "ashgabat": "ashgabat_meeting_2024",
}
