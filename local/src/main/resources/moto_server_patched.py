"""moto_server with two fixes of moto 5.2.1's Step Functions, for the local proving ground only.

Its optimised service integrations (for example arn:aws:states:::states:startExecution.sync:2) pass the state's
Parameters to boto3 as written (StateMachineArn, Name, Input) and read the response as boto3 returns it
(executionArn, ...): the conversion between Step Functions casing and the service model that its LocalStack
origin does in StateTaskService._normalise_parameters / _normalise_response is a no-op here. This restores it,
so a definition written as AWS requires runs unchanged.

StartExecution deep-copies the state machine with its running executions, whose locks cannot be copied: a second
execution of one state machine in an account fails with HTTP 500 (getmoto/moto#10077). A nested execution is
started by the interpreter in moto's default account, so every child of a state machine lands there: the copy
here leaves the executions out (the clone is only the definition's snapshot).

A Blue/Green switchover keeps the cluster's endpoints: AWS renames them with the clusters, so applications keep
connecting to the same DNS names (Aurora User Guide, "Switching a blue/green deployment"). moto renames the
clusters but derives each endpoint from a random part of its own: the parts are swapped here, so the cluster id
keeps its endpoint after a switchover, as on AWS.

With MOTO_VIRTUAL_CLOCK_FILE set (the replay benchmark only), a Wait state does not sleep: it adds the seconds it
asked for to a virtual clock kept in that file, so an hour of AWS time replays in seconds with the definitions
unchanged.

moto drops an instance's Performance Insights and Enhanced Monitoring settings; they are kept here as given to
CreateDBInstance and served by DescribeDBInstances, so a copy of the writer's monitoring can be checked. Nothing
else is changed.
"""
import copy
import datetime
import os
import sys
import threading

import botocore.session
from moto.server import main
from moto.rds import models as rds_models
from moto.stepfunctions import models as sfn_models
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import state_task_service as sts

_session = botocore.session.get_session()


def _operation(self, boto_service_name, service_action_name):
    service = self._get_boto_service_name(boto_service_name)
    action = self._get_boto_service_action(service_action_name)
    model = _session.get_service_model(service)
    name = "".join(part[:1].upper() + part[1:] for part in action.split("_"))
    return model.operation_model(name)


def _normalise_parameters(self, parameters, boto_service_name=None, service_action_name=None):
    shape = _operation(self, boto_service_name, service_action_name).input_shape
    if shape is not None:
        self._to_boto_request(parameters, shape)


def _epoch_millis(value):
    # boto3 parses timestamps; Step Functions hands them to the state as epoch milliseconds.
    if isinstance(value, datetime.datetime):
        return int(value.timestamp() * 1000)
    if isinstance(value, dict):
        return {k: _epoch_millis(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_epoch_millis(v) for v in value]
    return value


def _normalise_response(self, response, boto_service_name=None, service_action_name=None):
    shape = _operation(self, boto_service_name, service_action_name).output_shape
    if shape is not None:
        self._from_boto_response(response, shape)
    if isinstance(response, dict):
        response.update(_epoch_millis(dict(response)))


def _deepcopy_without_executions(self, memo):
    clone = self.__class__.__new__(self.__class__)
    memo[id(self)] = clone
    for key, value in self.__dict__.items():
        setattr(clone, key, [] if key == "executions" else copy.deepcopy(value, memo))
    return clone


_moto_switchover = rds_models.BlueGreenDeployment.switchover


def _switchover_keeping_endpoints(self):
    source = self._get_valid_instance_or_raise(self.source)
    target = self._get_valid_instance_or_raise(self.target)
    if isinstance(source, rds_models.DBCluster) and isinstance(target, rds_models.DBCluster):
        source.url_identifier, target.url_identifier = target.url_identifier, source.url_identifier
    _moto_switchover(self)


_MONITORING = {"enable_performance_insights": "performance_insights_enabled",
               "performance_insights_kms_key_id": "performance_insights_kms_key_id",
               "performance_insights_retention_period": "performance_insights_retention_period",
               "monitoring_interval": "monitoring_interval", "monitoring_role_arn": "monitoring_role_arn"}
_moto_instance_init = rds_models.DBInstance.__init__


def _instance_keeping_monitoring(self, *args, **kwargs):
    _moto_instance_init(self, *args, **kwargs)
    for given, served in _MONITORING.items():
        if kwargs.get(given) is not None:
            setattr(self, served, kwargs[given])


_VIRTUAL_CLOCK = os.environ.get("MOTO_VIRTUAL_CLOCK_FILE")
_virtual_lock = threading.Lock()


def _virtual_wait(self, env, wait_seconds):
    with _virtual_lock:
        try:
            with open(_VIRTUAL_CLOCK) as f:
                now = float(f.read().strip() or 0)
        except FileNotFoundError:
            now = 0.0
        with open(_VIRTUAL_CLOCK, "w") as f:
            f.write(str(now + max(0, wait_seconds)))


if _VIRTUAL_CLOCK:
    from moto.stepfunctions.parser.asl.component.state.wait.wait_function import wait_function as _wf
    _wf.WaitFunction._wait_interval = _virtual_wait

sfn_models.StateMachine.__deepcopy__ = _deepcopy_without_executions
rds_models.DBInstance.__init__ = _instance_keeping_monitoring
rds_models.BlueGreenDeployment.switchover = _switchover_keeping_endpoints
sts.StateTaskService._normalise_parameters = _normalise_parameters
sts.StateTaskService._normalise_response = _normalise_response

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
