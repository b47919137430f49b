print("offswitch")
