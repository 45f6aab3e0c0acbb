"""The fictional Northmoor Borough: its localities, towns, streets and postcode districts.

"NM" is not a real UK postcode area, so no generated postcode is anyone's real address.
"""

from __future__ import annotations

# code, label, main town, other villages or estates, postcode districts (outward codes)
LOCALITIES: tuple[tuple[str, str, str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("north_east", "North East", "Eastbridge", ("Hollin Bank", "Stonecliffe"), ("NM3", "NM4")),
    ("north_west", "North West", "Westfield", ("Ashby Moor", "Kelder"), ("NM5", "NM6")),
    ("south", "South", "Southby", ("Lowther Green", "Brackenfold", "Millthorpe"), ("NM7", "NM8", "NM9")),
    ("central", "Central", "Northmoor", ("Castle Hill", "Northmoor Park"), ("NM1", "NM2")),
)

STREET_STEMS: tuple[str, ...] = (
    "Mill", "Moor", "Church", "Station", "Park", "Victoria", "Albert", "Chapel", "Bridge", "Quarry",
    "Heather", "Bracken", "Fern", "Rowan", "Beech", "Oak", "Ash", "Willow", "Elm", "Holly",
    "Hawthorn", "Cedar", "Larch", "Birch", "Foundry", "Canal", "Weavers", "Spinners", "Dyers", "Tanners",
    "Kiln", "Forge", "Market", "Castle", "Abbey", "Priory", "Grange", "Manor", "Meadow", "Orchard",
    "Springfield", "Highfield", "Brookfield", "Greenhill", "Woodside", "Fieldhead", "Hillside", "Moorside",
    "Edge", "Crag", "Beck", "Tarn", "Fold", "Clough", "Ing", "Holme", "Riverside", "Lowfield",
    "Cherry", "Laburnum", "Lilac", "Primrose", "Bluebell", "Foxglove", "Clover", "Thistle", "Lark",
    "Kestrel", "Curlew", "Heron", "Plover", "Wren", "Swallow", "Jubilee", "Coronation", "Queens", "Kings",
)
STREET_KINDS: tuple[str, ...] = (
    "Street", "Road", "Lane", "Avenue", "Close", "Crescent", "Drive", "Grove", "Way", "Terrace",
    "Gardens", "Court", "View", "Rise", "Walk", "Place", "Mews", "Croft",
)
FLAT_BLOCKS: tuple[str, ...] = (
    "Heron House", "Pennine Court", "Moorview Tower", "Canal Wharf", "Foundry Mill", "Castle Mews",
    "Weavers Court", "Beckside House", "Riverside Flats", "Kestrel Heights",
)
