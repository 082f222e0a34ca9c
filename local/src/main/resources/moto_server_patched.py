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
keeps its endpoint after a switchover, as on AWS. moto moves no instance: its cluster members follow the cluster
name, so blue's instances would serve in the new production cluster and green's be left in none. Here they switch
with their clusters and are renamed as AWS renames them (_switch_members).

With MOTO_VIRTUAL_CLOCK_FILE set (the benchmarks only), a Wait state does not sleep: it adds the seconds it
asked for to a virtual clock kept in that file (or, in events mode, waits for a shared clock; see below), so an hour
of AWS time replays in seconds with the definitions unchanged. With MOTO_SKIP_WAITS_FROM_SECONDS and
MOTO_SKIP_WAITS_UP_TO_SECONDS (the tests), Waits at least that long or at most that short return at once.

Two of moto's costs are cached, with no change in what it answers: its Step Functions interpreter builds a new
JSONPath parser (ply generating and checking its tables, reading source files) for every path it evaluates, and its
server lists its own package directory on disk for every request, holding the lock that every request waits on.
With many executions at once (the fleet benchmark) these two were most of moto's time.

Its AWS SDK integrations map only "sfn" to a boto3 service name: aws-sdk:applicationautoscaling:* (the Step Functions
name) is sent to boto3's "application-autoscaling" here, and its errors are named "ApplicationAutoScaling.<Exception>".
A switchover leaves the cluster id without blue's Application Auto Scaling target and policies, as AWS documents.

AWS Organizations calls of the interpreter are made as the execution's own account, and ListAccountsForParent and
ListOrganizationalUnitsForParent refuse a member that is not a delegated administrator as AWS does (see below). A
nested execution of a state machine in the execution's own account starts in that account (a member stack's in-place
starts its Blue/Green there).

moto drops an instance's Performance Insights and Enhanced Monitoring settings; they are kept here as given to
CreateDBInstance and served by DescribeDBInstances, so a copy of the writer's monitoring can be checked. Nothing
else is changed.
"""
import copy
import datetime
import functools
import os
import re
import sys
import threading
import time

import botocore.session
import jsonpath_ng
import jsonpath_ng.ext
from moto import backends as moto_backends
from moto.server import main
from moto.rds import models as rds_models
from moto.stepfunctions import models as sfn_models
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import state_task_service as sts
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import state_task_service_aws_sdk as sdk
from moto.stepfunctions.parser.asl.component.common.path import result_path as _result_path
from moto.stepfunctions.parser.asl.utils import json_path as _json_path

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


_moto_modules = moto_backends.list_of_moto_modules
_moto_switchover = rds_models.BlueGreenDeployment.switchover


def _switchover_keeping_endpoints(self):
    source = self._get_valid_instance_or_raise(self.source)
    target = self._get_valid_instance_or_raise(self.target)
    clusters = isinstance(source, rds_models.DBCluster) and isinstance(target, rds_models.DBCluster)
    if clusters:
        source.url_identifier, target.url_identifier = target.url_identifier, source.url_identifier
        blue_id = source.db_cluster_identifier
        blue_members, green_members = list(source._members), list(target._members)
    _moto_switchover(self)
    if clusters:
        _switch_members(self.backend, blue_id, blue_members, green_members)
        _drop_replica_auto_scaling(self.backend, blue_id)


def _drop_replica_auto_scaling(backend, cluster_id):
    """Aurora User Guide, Blue/Green limitations: Auto Scaling policies on blue "are not copied to the green
    environment. You must reconfigure them after switchover". moto keys them by the name cluster:<id>, which green
    takes, so they would seem to carry over; after a switchover here the cluster id has none (nor the target's
    scheduled actions), as AWS documents."""
    from moto.applicationautoscaling.models import applicationautoscaling_backends
    aas = applicationautoscaling_backends[backend.account_id][backend.region_name]
    resource = "cluster:" + cluster_id
    for dimension in list(aas.targets):
        if dimension.startswith("rds:cluster:"):
            aas.targets[dimension].pop(resource, None)
    for key, policy in list(aas.policies.items()):
        if policy.service_namespace == "rds" and policy.resource_id == resource:
            del aas.policies[key]
    aas.scheduled_actions[:] = [a for a in aas.scheduled_actions
                                if not (a.service_namespace == "rds" and a.resource_id == resource)]


def _switch_members(backend, blue_id, blue_members, green_members):
    """The instances switch with their clusters, as on AWS (moto renames only the clusters, and its members follow
    the name, so blue's instances would land in the new production cluster): blue's go to old blue, renamed
    <name>-old1, except one whose green counterpart was deleted, which keeps its name (Aurora User Guide, Blue/Green
    considerations); green's counterparts take blue's names; an instance added to green keeps its own."""
    counterpart = {}
    for g in green_members:
        for b in blue_members:
            if re.fullmatch(re.escape(b.db_instance_identifier) + r"-green-[a-z]{6}", g.db_instance_identifier):
                counterpart[g.db_instance_identifier] = b.db_instance_identifier
    replaced = set(counterpart.values())
    for b in blue_members:
        if b.db_instance_identifier in replaced:
            _rename_instance(backend, b, b.db_instance_identifier + "-old1")
        b.db_cluster_identifier = blue_id + "-old1"
    for g in green_members:
        if g.db_instance_identifier in counterpart:
            _rename_instance(backend, g, counterpart[g.db_instance_identifier])
        g.db_cluster_identifier = blue_id


def _rename_instance(backend, instance, new_name):
    del backend.databases[instance.db_instance_identifier]
    instance.db_instance_identifier = new_name
    backend.databases[new_name] = instance


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


def _write_clock(path, value):
    # Written aside and renamed over: the benchmark reads these files while moto runs and must never see half of one.
    with open(path + ".tmp", "w") as f:
        f.write(str(value))
    os.replace(path + ".tmp", path)


def _virtual_wait(self, env, wait_seconds):
    with _virtual_lock:
        try:
            with open(_VIRTUAL_CLOCK) as f:
                now = float(f.read().strip() or 0)
        except FileNotFoundError:
            now = 0.0
        _write_clock(_VIRTUAL_CLOCK, now + max(0, wait_seconds))


# MOTO_VIRTUAL_CLOCK_MODE=events (the fleet benchmark): many executions share one clock, so a Wait cannot just add
# its seconds. Each Wait blocks until the clock reaches its end; the clock jumps to the earliest pending end once
# no flow (an execution, or a Map iteration) is doing anything else: every flow waits in a Wait, in a Map for its
# iterations, or in a .sync task for its child. A short quiet period covers the hand-overs between flows, and a
# stall (nothing changed for STALL seconds while a flow counts as busy) advances anyway and is counted.
_QUIET, _STALL = 0.05, 5.0
_flows = {"busy": 0, "changed": 0.0, "now": 0.0, "stalls": 0}
_flow_lock = threading.Lock()
_flow_cond = threading.Condition(_flow_lock)  # notified only when the clock moves: waiters are many
_wakes = []


def _flow(delta):
    with _flow_lock:
        _flows["busy"] += delta
        _flows["changed"] = time.monotonic()


def _idle_while(fn):
    def run(*args, **kwargs):
        _flow(-1)
        try:
            return fn(*args, **kwargs)
        finally:
            _flow(+1)
    return run


def _event_wait(self, env, wait_seconds):
    with _flow_cond:
        wake = _flows["now"] + max(0, wait_seconds)
        _wakes.append(wake)
        _flows["busy"] -= 1
        _flows["changed"] = time.monotonic()
        while _flows["now"] < wake and env.is_running():
            _flow_cond.wait(0.5)
        _wakes.remove(wake)
        _flows["busy"] += 1
        _flows["changed"] = time.monotonic()


def _advance_clock():
    while True:
        time.sleep(0.005)
        with _flow_cond:
            quiet = time.monotonic() - _flows["changed"]
            if not _wakes or quiet < _QUIET or (_flows["busy"] > 0 and quiet < _STALL):
                continue
            if _flows["busy"] > 0:
                _flows["stalls"] += 1
            _flows["now"] = max(_flows["now"], min(_wakes))
            _flows["changed"] = time.monotonic()
            _write_clock(_VIRTUAL_CLOCK, _flows["now"])
            _write_clock(_VIRTUAL_CLOCK + ".stalls", _flows["stalls"])
            _flow_cond.notify_all()


if _VIRTUAL_CLOCK and os.environ.get("MOTO_VIRTUAL_CLOCK_MODE") == "events":
    from moto.stepfunctions.parser.asl.component.state.wait.wait_function import wait_function as _wf
    from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration import job as _job
    from moto.stepfunctions.parser.asl.component.state.exec.state_map.iteration import (
        inline_iteration_component as _iic, iteration_worker as _iw)
    from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import (
        state_task_service_callback as _cb)
    from moto.stepfunctions.parser.backend import execution_worker as _ew

    _write_clock(_VIRTUAL_CLOCK, 0)
    _write_clock(_VIRTUAL_CLOCK + ".stalls", 0)
    _wf.WaitFunction._wait_interval = _event_wait
    # An execution and a Map iteration count as busy from before their thread starts until they end.
    _moto_start = _ew.ExecutionWorker.start
    _moto_logic = _ew.ExecutionWorker._execution_logic

    def _start_counted(self):
        _flow(+1)
        self._execution_logic = lambda: _counted_logic(self)
        return _moto_start(self)

    def _counted_logic(self):
        try:
            return _moto_logic(self)
        finally:
            _flow(-1)
            with _ended:
                _ended.notify_all()

    # A .sync parent polls its child every 0.5 s; with many parents that polling is most of the work, and a parent
    # that notices its child's end late lets the clock move on without it. So it sleeps until some execution ends.
    _ended = threading.Condition()

    class _UntilAnExecutionEnds:
        @staticmethod
        def sleep(seconds):
            with _ended:
                _ended.wait(5.0)

    _ew.ExecutionWorker.start = _start_counted
    _moto_launch = _iic.InlineIterationComponent._launch_worker

    def _launch_counted(self, env, eval_input, job_pool):
        _flow(+1)
        return _moto_launch(self, env, eval_input, job_pool)

    _iic.InlineIterationComponent._launch_worker = _launch_counted
    _moto_worker_eval = _iw.IterationWorker.eval

    def _worker_counted(self):
        try:
            return _moto_worker_eval(self)
        finally:
            _flow(-1)

    _iw.IterationWorker.eval = _worker_counted
    _job.JobPool.await_jobs = _idle_while(_job.JobPool.await_jobs)
    _cb.StateTaskServiceCallback._eval_sync = _idle_while(_cb.StateTaskServiceCallback._eval_sync)
    _cb.time = _UntilAnExecutionEnds
    threading.Thread(target=_advance_clock, daemon=True).start()
elif _VIRTUAL_CLOCK:
    from moto.stepfunctions.parser.asl.component.state.wait.wait_function import wait_function as _wf
    _wf.WaitFunction._wait_interval = _virtual_wait
elif os.environ.get("MOTO_SKIP_WAITS_FROM_SECONDS"):
    # The tests: a Wait of at least MOTO_SKIP_WAITS_FROM_SECONDS (the old blue's retirement, hours) or of at most
    # MOTO_SKIP_WAITS_UP_TO_SECONDS (the tests poll every second; the loops count pending answers, not seconds)
    # returns at once. The Waits between still sleep: the fleet's start spacing is measured in real time. Skipped
    # Waits of a minute or more are logged with their seconds.
    from moto.stepfunctions.parser.asl.component.state.wait.wait_function import wait_function as _wf
    _skip_from = float(os.environ["MOTO_SKIP_WAITS_FROM_SECONDS"])
    _skip_up_to = float(os.environ.get("MOTO_SKIP_WAITS_UP_TO_SECONDS", "-1"))
    _moto_wait_interval = _wf.WaitFunction._wait_interval

    def _skipping_long_waits(self, env, wait_seconds):
        if wait_seconds >= _skip_from or wait_seconds <= _skip_up_to:
            if wait_seconds >= 60:
                print("moto_server_patched: Wait of %s s skipped" % wait_seconds, flush=True)
            return
        return _moto_wait_interval(self, env, wait_seconds)

    _wf.WaitFunction._wait_interval = _skipping_long_waits

    # A Retry's backoff (the Lambda retries' 2, 4, 8... s) is cut to a tenth of a second: what a test checks is
    # how many attempts ran and what failed, never how long the backoff slept.
    from moto.stepfunctions.parser.asl.component.common.retry import retrier_decl as _rd

    class _ShortBackoff:
        @staticmethod
        def sleep(seconds):
            time.sleep(min(seconds, 0.1))

    _rd.time = _ShortBackoff

# CreateStateMachine validates the definition by parsing it with moto's ANTLR grammar, in pure Python: a second or
# more of CPU for each of ours, and the tests and local runs create the same definitions over and over (a profile of
# the test emulator: three quarters of its CPU in that parse). Validation is a pure function of the text: a text that
# passed once passes again, so it is parsed once. Each test runs in an account of its own, so the texts differ in their
# ARNs' 12-digit account IDs only: one digit run for another of the same length parses the same, so they share the
# key.
from moto.stepfunctions.parser import models as _sfn_models

_validated_definitions = set()
_moto_validate_definition = _sfn_models.StepFunctionsParserBackend._validate_definition
_ACCOUNT_ID = re.compile(r"(?<![0-9])[0-9]{12}(?![0-9])")


def _validate_definition_once(definition):
    key = _ACCOUNT_ID.sub("000000000000", definition)
    if key not in _validated_definitions:
        _moto_validate_definition(definition=definition)
        _validated_definitions.add(key)


_sfn_models.StepFunctionsParserBackend._validate_definition = staticmethod(_validate_definition_once)

# CreateStateMachine of a name that exists with another definition fails on AWS with StateMachineAlreadyExists ("A
# state machine with the same name but a different definition or role ARN already exists"; the API reference: its
# idempotency check is on name, definition, type, logging and tracing, a different roleArn or tags being ignored).
# moto returns the existing state machine, definition unchanged: a re-deploy that creates again would keep running
# the old definition without a word. Here it is refused as on AWS; callers update instead.
from moto.stepfunctions.exceptions import AWSError as _AWSError


class _StateMachineAlreadyExists(_AWSError):
    TYPE = "StateMachineAlreadyExists"
    STATUS = 400


_moto_create_state_machine = sfn_models.StepFunctionBackend.create_state_machine


def _create_state_machine_as_aws(self, name, definition, roleArn, *args, **kwargs):
    arn = f"arn:{sfn_models.get_partition(self.region_name)}:states:{self.region_name}:{self.account_id}:stateMachine:{name}"
    existing = next((m for m in self.state_machines if m.arn == arn), None)
    if existing is not None and existing.definition != definition:
        raise _StateMachineAlreadyExists("State Machine Already Exists: '" + arn + "'")
    return _moto_create_state_machine(self, name, definition, roleArn, *args, **kwargs)


sfn_models.StepFunctionBackend.create_state_machine = _create_state_machine_as_aws

# Each execution parses its definition again (two seconds of CPU for the Blue/Green one on a loaded machine): a fleet's
# children, a nested run and a re-run start the same text many times. The first parse of a text is kept untouched and
# each execution evaluates a deep copy of it (a twentieth of the time): the same components a parse builds, none
# shared between executions.
from collections import OrderedDict as _OrderedDict
from moto.stepfunctions.parser.asl.parse.asl_parser import AmazonStateLanguageParser as _Asl
from moto.stepfunctions.parser.backend import execution_worker as _exw

_programs = _OrderedDict()
_programs_lock = threading.Lock()


def _program_of(self):
    definition = self._evaluation_details.state_machine_details.definition
    with _programs_lock:
        program = _programs.get(definition)
        if program is not None:
            _programs.move_to_end(definition)
    if program is None:
        program = _Asl.parse(definition)[0]
        with _programs_lock:
            _programs[definition] = program
            while len(_programs) > 32:
                _programs.popitem(last=False)
    return copy.deepcopy(program)


_exw.ExecutionWorker._get_evaluation_entrypoint = _program_of

# States.ALL does not catch States.DataLimitExceeded on AWS ("a terminal error that can't be caught by the States.ALL
# error type": Step Functions Developer Guide, "Error handling in Step Functions"); moto's catches it. Only a
# catcher that names it does. (States.Runtime, which AWS documents the same way, is left as moto has it.)
from moto.stepfunctions.parser.asl.component.common.error_name import error_equals_decl as _eed
from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name import StatesErrorName as _SEN
from moto.stepfunctions.parser.asl.component.common.error_name.states_error_name_type import StatesErrorNameType as _SENT
_DATA_LIMIT = _SEN(typ=_SENT.StatesStatesDataLimitExceeded)
_moto_error_equals = _eed.ErrorEqualsDecl._eval_body


def _error_equals_as_aws(self, env):
    error_name = env.stack[-1]
    if error_name == _DATA_LIMIT and _eed.ErrorEqualsDecl._STATE_ALL_ERROR in self.error_names:
        env.stack.pop()
        env.stack.append(False)
        return
    return _moto_error_equals(self, env)


_eed.ErrorEqualsDecl._eval_body = _error_equals_as_aws
# Cross-account access (issue 24), emulated on moto's own STS and IAM. moto's AssumeRole hands out keys for any role
# ARN, existing or not, trusted or not; AWS refuses a role that does not exist or whose trust policy does not allow the
# caller: here too, with AWS's AccessDenied. The trust policy is evaluated for what the local layer knows of the caller:
# its account (the Principal, as an account id, its root, or a role of it) and the external id. aws:PrincipalArn is not
# evaluated (the local callers have no role ARN), and any other condition key refuses. Explicit Deny statements win.
import json as _json
from moto.iam.models import iam_backends as _iam_backends
from moto.sts import models as _sts_models
from moto.sts.exceptions import STSClientError as _STSClientError
from moto.utilities.utils import get_partition as _get_partition

_moto_assume_role = _sts_models.STSBackend.assume_role


def _as_list(value):
    return value if isinstance(value, list) else [value]


def _principal_allows(statement, caller):
    principal = statement.get("Principal", {})
    if principal == "*":
        return True
    for p in _as_list(principal.get("AWS", []) if isinstance(principal, dict) else []):
        if p in (caller, "*") or p == "arn:aws:iam::%s:root" % caller or p.startswith("arn:aws:iam::%s:role/" % caller):
            return True
    return False


def _conditions_allow(statement, external_id):
    for operator, keys in statement.get("Condition", {}).items():
        for key, values in keys.items():
            if key == "aws:PrincipalArn":
                continue  # not known locally (see above)
            if operator == "StringEquals" and key == "sts:ExternalId":
                if external_id not in _as_list(values):
                    return False
            else:
                return False
    return True


def _trust_allows(document, caller, external_id):
    statements = [x for x in _as_list(document.get("Statement", [])) if "sts:AssumeRole" in _as_list(x.get("Action", []))
                  or "sts:*" in _as_list(x.get("Action", []))]
    if any(x.get("Effect") == "Deny" and _principal_allows(x, caller) for x in statements):
        return False
    return any(x.get("Effect") == "Allow" and _principal_allows(x, caller) and _conditions_allow(x, external_id)
               for x in statements)


def _assume_role_as_aws(self, region_name, role_session_name, role_arn, policy, duration, external_id):
    parts = role_arn.split(":")
    denied = _STSClientError("AccessDenied", "User: arn:aws:sts::%s:assumed-role/local is not authorized to perform: "
                             "sts:AssumeRole on resource: %s" % (self.account_id, role_arn))
    if len(parts) < 6 or parts[2] != "iam":
        raise denied
    name = parts[5].split("/")[-1]
    roles = _iam_backends[parts[4]][_get_partition(region_name)].roles.values()
    role = next((r for r in roles if r.name == name), None)
    if role is None:
        raise denied
    document = role.assume_role_policy_document
    document = _json.loads(document) if isinstance(document, str) else document
    if not _trust_allows(document, self.account_id, external_id):
        raise denied
    return _moto_assume_role(self, region_name, role_session_name, role_arn, policy, duration, external_id)


_sts_models.STSBackend.assume_role = _assume_role_as_aws

# A task's Credentials field (cross-account task access): moto's interpreter evaluates the role and then calls every
# service with its own keys, in its default account. Here a task that names a role assumes it through STS, as Step
# Functions does, with the calling state machine's ARN as the external id (Step Functions guide, "Cross-account access
# for .sync"), and calls the service with the keys STS returns: moto maps them to the role's account, so a child starts
# in the member account's emulator state. A role that does not exist or does not trust the caller fails the task.
from moto.stepfunctions.parser.asl.component.state.exec.state_task import state_task as _state_task
from moto.stepfunctions.parser.asl.component.state.exec.state_task.credentials import StateCredentials as _StateCredentials
from moto.stepfunctions.parser.asl.utils import boto_client as _boto_client
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import state_task_service_sfn as _sfn_task
from moto.stepfunctions.parser.asl.component.state.exec.state_task.service import state_task_service_aws_sdk as _sdk_task


class _CrossAccountCredentials(_StateCredentials):
    def __init__(self, role_arn, external_id):
        super().__init__(role_arn=role_arn)
        self.external_id = external_id


_moto_eval_state_credentials = _state_task.StateTask._eval_state_credentials


def _eval_state_credentials(self, env):
    credentials = _moto_eval_state_credentials(self, env)
    if not self.credentials:
        return credentials  # the execution's own role: moto's keys, its default account
    machine = env.states.context_object.context_object_data["StateMachine"]["Id"]
    return _CrossAccountCredentials(credentials.role_arn, machine)


_moto_boto_client_for = _boto_client.boto_client_for


def _boto_client_for(region, service, state_credentials=None):
    client = _moto_boto_client_for(region, service, state_credentials)
    if service == "organizations" and not isinstance(state_credentials, _CrossAccountCredentials):
        _call_as_execution_account(client, state_credentials)
        return client
    if service == "stepfunctions" and not isinstance(state_credentials, _CrossAccountCredentials):
        _call_as_execution_account(client, state_credentials, _names_own_execution_or_machine)
        return client
    if not isinstance(state_credentials, _CrossAccountCredentials):
        return client
    keys = _moto_boto_client_for(region, "sts").assume_role(
        RoleArn=state_credentials.role_arn, RoleSessionName="stepfunctions",
        ExternalId=state_credentials.external_id)["Credentials"]
    import boto3
    return boto3.client(service, region_name=region, endpoint_url=client.meta.endpoint_url,
                        aws_access_key_id=keys["AccessKeyId"], aws_secret_access_key=keys["SecretAccessKey"],
                        aws_session_token=keys["SessionToken"], config=client.meta.config)



# AWS Organizations (fleet input organization, issue 24). Organizations answers by the caller's account: its
# management account, a delegated administrator, a member, or an account in no organization. moto's interpreter calls
# every service in its default account; on AWS the state machine's role, in the state machine's account, calls. So an
# Organizations call without Credentials is made here as the execution's account (the account of its role ARN).
def _call_as_execution_account(client, state_credentials, applies=None):
    role_arn = getattr(state_credentials, "role_arn", None) or ""
    parts = role_arn.split(":")
    if len(parts) < 5 or not parts[4]:
        return
    account = parts[4]

    def _add_account(request, **kwargs):
        if applies is None or applies(request, account):
            request.headers["x-moto-account-id"] = account

    client.meta.events.register("before-sign.%s.*" % client.meta.service_model.service_id.hyphenize(), _add_account)


# A nested execution (startExecution.sync:2, and the describe calls on it) of a state machine in the execution's own
# account is started as that account, as on AWS, where the parent's role starts it in its account: so a member stack's
# in-place execution starts its nested Blue/Green in the member account. The local layout keeps the children of the
# orchestrator's own workflows in moto's default account (each parent runs in an account of its own there, see
# LocalEnvironment): calls on a state machine or execution of another account stay as moto makes them.
def _names_own_execution_or_machine(request, account):
    try:
        body = _json.loads(request.body or b"{}")
    except ValueError:
        return False
    arn = body.get("stateMachineArn") or body.get("executionArn") or ""
    parts = arn.split(":")
    return len(parts) > 4 and parts[4] == account


# moto answers ListAccountsForParent and ListOrganizationalUnitsForParent from the caller's own backend: a member
# account, which has no organization of its own there, gets ParentNotFoundException, and an account in no organization
# the same. AWS: both calls "can be called only from the organization's management account or by a member account that
# is a delegated administrator" (Organizations API reference, ListAccountsForParent, ListOrganizationalUnitsForParent),
# so a member is refused with AccessDeniedException (the message is the one AWS users report, not checked here), a
# delegated administrator reads the management account's organization, and an account in no organization gets
# AWSOrganizationsNotInUseException. Decided from moto's own state: its record of which organization each account
# belongs to and of the delegated administrators.
from moto.core.exceptions import JsonRESTError as _JsonRESTError
from moto.organizations import models as _org_models
from moto.organizations.exceptions import AWSOrganizationsNotInUseException as _OrgNotInUse


def _listing_as_aws(moto_listing):
    def listing(self, *args, **kwargs):
        if self.org is not None:
            return moto_listing(self, *args, **kwargs)
        owner = _org_models.organizations_backends.master_accounts.get(self.account_id)
        if owner is None:
            raise _OrgNotInUse
        management = _org_models.organizations_backends[owner[0]][owner[1]]
        if any(admin.account.id == self.account_id for admin in management.admins):
            return moto_listing(management, *args, **kwargs)
        raise _JsonRESTError("AccessDeniedException", "You don't have permissions to access this resource.")
    return listing


for _name in ("list_accounts_for_parent", "list_organizational_units_for_parent"):
    setattr(_org_models.OrganizationsBackend, _name, _listing_as_aws(getattr(_org_models.OrganizationsBackend, _name)))
# Its errors are "Organizations.<Exception>" on AWS (Step Functions guide, "AWS SDK service integrations").
sdk._SERVICE_ERROR_NAMES["organizations"] = "Organizations"

_state_task.StateTask._eval_state_credentials = _eval_state_credentials
_sfn_task.boto_client_for = _boto_client_for
_sdk_task.boto_client_for = _boto_client_for

# A parsed path is only read (find, update_or_create change the data, not the expression), so one serves all calls.
_json_path.parse = functools.lru_cache(maxsize=4096)(jsonpath_ng.ext.parse)
_result_path.parse = functools.lru_cache(maxsize=4096)(jsonpath_ng.parse)
# The installed package does not change while the server runs.
moto_backends.list_of_moto_modules = functools.lru_cache(maxsize=1)(lambda: tuple(_moto_modules()))
sfn_models.StateMachine.__deepcopy__ = _deepcopy_without_executions
rds_models.DBInstance.__init__ = _instance_keeping_monitoring
rds_models.BlueGreenDeployment.switchover = _switchover_keeping_endpoints
sts.StateTaskService._normalise_parameters = _normalise_parameters
sts.StateTaskService._normalise_response = _normalise_response
# aws-sdk:applicationautoscaling:* (the Step Functions name) is boto3's "application-autoscaling"; moto maps only sfn.
# Its errors are "ApplicationAutoScaling.<Exception>" on AWS (Step Functions guide, "AWS SDK service integrations");
# moto would name them after the lower-case service.
sts.StateTaskService._SERVICE_NAME_SFN_TO_BOTO_OVERRIDES["applicationautoscaling"] = "application-autoscaling"
sdk._SERVICE_ERROR_NAMES["applicationautoscaling"] = "ApplicationAutoScaling"
sdk._SERVICE_ERROR_NAMES["pricing"] = "Pricing"

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
