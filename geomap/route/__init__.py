"""Route inference: roles (origin, stop, destination, planned, mentioned,
dateline) and travel order for the resolved places of an article.

>>> from geomap.route import RouteInferrer, route_line, leg_paths
>>> route_line([(170.0, 0.0), (-170.0, 0.0)]).coords[:]
[(170.0, 0.0), (190.0, 0.0)]

Modules: :mod:`~geomap.route.cues` (travel words), :mod:`~geomap.route.subject`
(who travels), :mod:`~geomap.route.temporal` and :mod:`~geomap.route.timeline`
(when), :mod:`~geomap.route.places` (containment), :mod:`~geomap.route.stops`
(moves → stops), :mod:`~geomap.route.infer` (the inferrer) and
:mod:`~geomap.route.geometry` (lines for maps).
"""

from .geometry import haversine_km, leg_paths, route_line, unwrap_lons
from .infer import RouteInferrer, infer_route

__all__ = ["RouteInferrer", "infer_route", "route_line", "leg_paths", "unwrap_lons", "haversine_km"]
